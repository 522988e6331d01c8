package ui

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

func TestLineHasTypeFirst(t *testing.T) {
	type report struct {
		Posted int     `json:"posted"`
		Left   Seconds `json:"left_duration,omitempty"`
	}
	tests := []struct {
		name string
		typ  string
		v    any
		want string
	}{
		{"object", "summary", report{Posted: 2, Left: Seconds(90500 * time.Millisecond)}, `{"type":"summary","posted":2,"left_duration":90.5}`},
		{"zero duration left out", "summary", report{Posted: 1}, `{"type":"summary","posted":1}`},
		{"empty object", "done", struct{}{}, `{"type":"done"}`},
		{"not an object", "count", 3, `{"type":"count","value":3}`},
		{"own type", "", map[string]string{"type": "posted"}, `{"type":"posted"}`},
		{"text as written", "note", map[string]string{"m": "<a & b>"}, `{"type":"note","m":"<a & b>"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Line(tt.typ, tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(b); got != tt.want+"\n" {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Errorf("not JSON: %v", err)
			}
		})
	}
}

// TestSecondsShadowsDuration: a command puts Seconds beside a domain
// struct whose time.Duration field has the same JSON name; the output
// then says seconds, not nanoseconds.
func TestSecondsShadowsDuration(t *testing.T) {
	type domain struct {
		Done int           `json:"done"`
		Left time.Duration `json:"left_duration,omitempty"`
	}
	d := domain{Done: 1, Left: 3 * time.Hour}
	b, err := Line("summary", struct {
		domain
		Left Seconds `json:"left_duration,omitempty"`
	}{d, Seconds(d.Left)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"type":"summary","done":1,"left_duration":10800}`+"\n"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestPrinterStreams: data goes to stdout, everything else to stderr; the
// JSON printer tags every line, drops plain messages and keeps -v's level.
func TestPrinterStreams(t *testing.T) {
	tests := []struct {
		json                bool
		verbosity           int
		wantOut, wantErrOut string
	}{
		{false, 0, "skipped\t1\tretweet\n", "import done\nwarning: disk nearly full\n"},
		{false, 1, "skipped\t1\tretweet\n", "import done\nwarning: disk nearly full\nasked 2 servers\n"},
		{true, 0, `{"type":"skipped","tweet_id":"1"}` + "\n" + `{"type":"summary","posted":0}` + "\n",
			`{"type":"warning","message":"disk nearly full"}` + "\n"},
		{true, 2, `{"type":"skipped","tweet_id":"1"}` + "\n" + `{"type":"summary","posted":0}` + "\n",
			`{"type":"warning","message":"disk nearly full"}` + "\n" + `{"type":"log","level":1,"message":"asked 2 servers"}` + "\n"},
	}
	for _, tt := range tests {
		s, _, out, errOut := iostreams.Test()
		p := New(s, Options{JSON: tt.json, Verbosity: tt.verbosity})
		if p.JSON() != tt.json || p.Verbosity() != tt.verbosity {
			t.Fatalf("printer says JSON %v verbosity %d", p.JSON(), p.Verbosity())
		}
		p.Data("skipped", map[string]string{"tweet_id": "1"}, "skipped\t1\tretweet")
		p.Report("summary", map[string]int{"posted": 0}, "import done")
		p.Message("only for people")
		p.Warn("disk nearly full")
		p.V(1, "asked %d servers", 2)
		if tt.json {
			// Message has no JSON form; in text it follows the report.
		} else {
			tt.wantErrOut = strings.Replace(tt.wantErrOut, "import done\n", "import done\nonly for people\n", 1)
		}
		if out.String() != tt.wantOut || errOut.String() != tt.wantErrOut {
			t.Errorf("json %v -v %d:\nstdout %q\nwant   %q\nstderr %q\nwant   %q", tt.json, tt.verbosity, out, tt.wantOut, errOut, tt.wantErrOut)
		}
	}
}

func TestStatusGoesToStderr(t *testing.T) {
	for _, j := range []bool{false, true} {
		s, _, out, errOut := iostreams.Test()
		New(s, Options{JSON: j}).Status("summary", map[string]int{"scanned": 3}, "3 accounts scanned")
		if out.Len() != 0 || errOut.Len() == 0 {
			t.Errorf("json %v: stdout %q, stderr %q", j, out, errOut)
		}
	}
}

func TestTableAlignsOnlyOnTerminal(t *testing.T) {
	for _, tty := range []bool{false, true} {
		s, _, out, _ := iostreams.Test()
		s.SetStdoutTTY(tty)
		tb := New(s, Options{}).Table("A", "LONGER")
		tb.Row("value\twith tab", "x\ny")
		if err := tb.Flush(); err != nil {
			t.Fatal(err)
		}
		want := "A\tLONGER\nvalue with tab\tx y\n"
		if tty {
			want = "A               LONGER\nvalue with tab  x y\n"
		}
		if out.String() != want {
			t.Errorf("tty %v: %q, want %q", tty, out, want)
		}
	}
}

func TestProgressOnlyOnTerminal(t *testing.T) {
	tests := []struct {
		name      string
		stderrTTY bool
		disabled  bool
		want      bool
	}{
		{"piped stderr", false, false, false},
		{"terminal", true, false, true},
		{"terminal but --json or --no-progress", true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _, errOut := iostreams.Test()
			s.SetStderrTTY(tt.stderrTTY)
			if tt.disabled {
				s.DisableProgress()
			}
			bar := New(s, Options{}).Progress(10, "posts", "importing")
			if (bar != nil) != tt.want {
				t.Fatalf("Progress returned %v, want a bar: %v", bar, tt.want)
			}
			bar.Set(5)
			bar.Wait("the post limit", time.Now())
			bar.Done()
			if !tt.want && errOut.Len() != 0 {
				t.Fatalf("a disabled bar wrote %q to stderr", errOut.String())
			}
			if tt.want && !strings.Contains(errOut.String(), "importing") {
				t.Fatalf("an enabled bar wrote %q", errOut.String())
			}
		})
	}
}
