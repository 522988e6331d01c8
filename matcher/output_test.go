package matcher

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/golden"
)

// The -update flag rewrites golden files. Another test file in this
// package may register it first, so look it up rather than redefine it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

// sampleMatches covers every shape an output has to render.
func sampleMatches() []Match {
	return []Match{
		{
			TwitterID: "12", ScreenName: "alice", Name: "Alice <&> Co",
			Handles: []string{"@alice@mastodon.social", "@alice@hachyderm.io"},
			Candidates: []Candidate{
				{Handle: "@alice@mastodon.social", Field: FieldBio, Evidence: "toots: https://mastodon.social/@alice <&>", Form: FormURL, Confidence: 0.95, Status: StatusConfirmed},
				{Handle: "@alice@hachyderm.io", Field: FieldPinned, Evidence: "moved\tto\n@alice@hachyderm.io", Form: FormAcct, Confidence: 0.9, Status: StatusVerified},
				{Handle: "@alice@example.com", Field: FieldBio, Evidence: "mail alice@example.com", Form: FormBare, Confidence: 0.2, Status: StatusUnreachable, Reason: "timed out"},
			},
		},
		{
			TwitterID: "13", ScreenName: "bob", Name: "Bob",
			Handles: []string{"@bob@old.example"},
			Candidates: []Candidate{
				{Handle: "@bob@old.example", Field: FieldName, Evidence: "Bob @bob@old.example", Form: FormAcct, Confidence: 0.9, Status: StatusMoved, MovedTo: "@bob@new.example"},
			},
		},
		{TwitterID: "14", ScreenName: "carol", Name: "Carol", Candidates: []Candidate{
			{Handle: "@carol@intranet.example", Field: FieldBio, Evidence: "@carol@intranet.example", Form: FormAcct, Confidence: 0.9, Status: StatusUnreachable,
				Reason: "intranet.example resolves to a private address 10.0.0.5; use --allow-private-network if you trust it"},
			{Handle: "@carol@gone.example", Field: FieldName, Evidence: "Carol\t@carol@gone.example", Form: FormAcct, Confidence: 0.9, Status: StatusNotFound, Reason: "no such\naccount"},
		}},
		{TwitterID: "15", Handles: []string{"@Alice@MASTODON.social"}, Candidates: []Candidate{
			{Handle: "@Alice@MASTODON.social", Field: FieldReverse, Evidence: "search", Form: FormReverse, Confidence: 0.8, Status: StatusConfirmed},
		}},
		{TwitterID: "17", ScreenName: "erin", Handles: []string{"@erin@intranet.example"}, Candidates: []Candidate{
			{Handle: "@erin@intranet.example", Field: FieldBio, Evidence: "@erin@intranet.example", Form: FormAcct, Confidence: 0.9, Status: StatusUnreachable,
				Reason: "intranet.example resolves to a private address 10.0.0.5; use --allow-private-network if you trust it"},
		}},
		{TwitterID: "16", ScreenName: "dave", Handles: []string{"@dave@offline.example"}, Candidates: []Candidate{
			{Handle: "@dave@offline.example", Field: FieldURL, Evidence: "https://offline.example/@dave", Form: FormURL, Confidence: 0.95},
		}},
	}
}

func TestWritersGolden(t *testing.T) {
	tests := []struct {
		name  string
		write func(io.Writer, []Match) error
	}{
		{"matches.jsonl", WriteJSONL},
		{"matches.json", WriteJSON},
		{"following.csv", WriteMastodonCSV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, sampleMatches()); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, tt.name, buf.Bytes())
		})
	}
}

func TestJSONNeverNull(t *testing.T) {
	for _, write := range []func(io.Writer, []Match) error{WriteJSONL, WriteJSON} {
		var buf bytes.Buffer
		if err := write(&buf, []Match{{TwitterID: "1"}}); err != nil {
			t.Fatal(err)
		}
		s := buf.String()
		if strings.Contains(s, "null") || !strings.Contains(s, `"handles": []`) && !strings.Contains(s, `"handles":[]`) {
			t.Errorf("empty slices must be [], got %s", s)
		}
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, nil); err != nil || buf.String() != "[]\n" {
		t.Errorf("empty json: %q, %v", buf.String(), err)
	}
}

func TestMastodonCSVRows(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMastodonCSV(&buf, sampleMatches()); err != nil {
		t.Fatal(err)
	}
	want := MastodonCSVHeader + "\n" +
		"alice@mastodon.social,true,false,\n" +
		"alice@hachyderm.io,true,false,\n" +
		"bob@new.example,true,false,\n" +
		"erin@intranet.example,true,false,\n" +
		"dave@offline.example,true,false,\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	c := NewMastodonCSV()
	if _, err := c.Add(Match{TwitterID: "9", Handles: []string{"@a,b@x.example"}}); err == nil {
		t.Error("a handle with a comma must be refused")
	}
}

func bigExport(n int) *MastodonCSV {
	c := NewMastodonCSV()
	for i := range n {
		h := fmt.Sprintf("@u%d@example.social", i)
		if _, err := c.Add(Match{TwitterID: fmt.Sprint(i), Handles: []string{h}}); err != nil {
			panic(err)
		}
	}
	return c
}

type memFile struct {
	bytes.Buffer
	closed bool
}

func (m *memFile) Close() error { m.closed = true; return nil }

func TestMastodonCSVSplit(t *testing.T) {
	tests := []struct {
		rows      int
		wantFiles []string
		lastRows  int
		warn      bool
	}{
		{0, []string{"out/following.csv"}, 0, false},
		{MastodonFollowLimit, []string{"out/following.csv"}, MastodonFollowLimit, false},
		{MastodonFollowLimit + 1, []string{"out/following.csv"}, MastodonFollowLimit + 1, true},
		{MastodonImportMaxRows, []string{"out/following.csv"}, MastodonImportMaxRows, true},
		{2*MastodonImportMaxRows + 1, []string{"out/following.csv", "out/following-2.csv", "out/following-3.csv"}, 1, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.rows), func(t *testing.T) {
			c := bigExport(tt.rows)
			files := map[string]*memFile{}
			names, err := c.WriteFiles("out/following.csv", func(name string) (io.WriteCloser, error) {
				f := &memFile{}
				files[name] = f
				return f, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(names) != fmt.Sprint(tt.wantFiles) {
				t.Fatalf("files %v, want %v", names, tt.wantFiles)
			}
			total := 0
			for i, n := range names {
				f := files[n]
				if !f.closed {
					t.Errorf("%s not closed", n)
				}
				lines := strings.Split(strings.TrimSuffix(f.String(), "\n"), "\n")
				if lines[0] != MastodonCSVHeader {
					t.Errorf("%s: header %q", n, lines[0])
				}
				rows := len(lines) - 1
				if rows > MastodonImportMaxRows {
					t.Errorf("%s has %d rows", n, rows)
				}
				if i == len(names)-1 && rows != tt.lastRows {
					t.Errorf("last file has %d rows, want %d", rows, tt.lastRows)
				}
				total += rows
			}
			if total != tt.rows {
				t.Errorf("total rows %d, want %d", total, tt.rows)
			}
			var w *FollowLimitWarning
			if got := errors.As(c.Warning(), &w); got != tt.warn {
				t.Errorf("warning %v, want %v", c.Warning(), tt.warn)
			}
		})
	}
	if err := WriteMastodonCSV(io.Discard, nil); err != nil {
		t.Errorf("empty export: %v", err)
	}
}

func TestWriteMastodonCSVTooMany(t *testing.T) {
	var ms []Match
	for i := range MastodonImportMaxRows + 1 {
		ms = append(ms, Match{TwitterID: fmt.Sprint(i), Handles: []string{fmt.Sprintf("@u%d@example.social", i)}})
	}
	if err := WriteMastodonCSV(io.Discard, ms); !errors.Is(err, ErrTooManyRows) {
		t.Errorf("want ErrTooManyRows, got %v", err)
	}
}

func TestPartNames(t *testing.T) {
	tests := []struct {
		path string
		n    int
		want string
	}{
		{"following.csv", 1, "[following.csv]"},
		{"following.csv", 3, "[following.csv following-2.csv following-3.csv]"},
		{"dir.v2/export", 2, "[dir.v2/export dir.v2/export-2]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(PartNames(tt.path, tt.n)); got != tt.want {
			t.Errorf("PartNames(%q, %d) = %s, want %s", tt.path, tt.n, got, tt.want)
		}
	}
}

func TestReadFollowingCSV(t *testing.T) {
	in := "\xef\xbb\xbfAccount address,Show boosts,Notify on new posts,Languages\n" +
		"Alice@Mastodon.Social,true,false,\n\n" +
		"@bob@example.org,true,true,\"en,fr\"\n" +
		"carol@x.example\n"
	set, err := ReadFollowingCSV(strings.NewReader(in), "following_accounts.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"@alice@mastodon.social", "alice@MASTODON.social", "bob@example.org", "@carol@x.example"} {
		if !set.Has(h) {
			t.Errorf("missing %s", h)
		}
	}
	if len(set) != 3 || set.Has("dave@x.example") {
		t.Errorf("set %v", set)
	}
	bad := []struct{ in, want string }{
		{"Account address\nalice@a.example\nnot-an-address,true\n", "following_accounts.csv:3: account address"},
		{"a@b.example\n\"x\n", "following_accounts.csv:2: CSV"},
	}
	for _, b := range bad {
		_, err := ReadFollowingCSV(strings.NewReader(b.in), "following_accounts.csv")
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%q: got %v, want %q", b.in, err, b.want)
		}
	}
}

func FuzzReadFollowingCSV(f *testing.F) {
	f.Add(MastodonCSVHeader + "\nalice@a.example,true,false,\n")
	f.Add("@a@b.example\n\n\"c@d.example\",\"x\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		set, err := ReadFollowingCSV(strings.NewReader(in), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for h := range set {
			if _, err := importAddress(h); err != nil {
				t.Fatalf("accepted %q: %v", h, err)
			}
		}
	})
}

func TestMastodonCSVWriters(t *testing.T) {
	ms := []Match{}
	for i := range MastodonImportMaxRows + 5 {
		ms = append(ms, Match{TwitterID: fmt.Sprint(i), Handles: []string{fmt.Sprintf("@u%d@example.social", i)}})
	}
	files := map[string]*memFile{}
	fw := NewMastodonCSVFiles("following.csv", func(name string) (io.WriteCloser, error) {
		files[name] = &memFile{}
		return files[name], nil
	})
	if err := writeAll(fw, ms); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(fw.Files()) != "[following.csv following-2.csv]" || len(files) != 2 {
		t.Errorf("files %v", fw.Files())
	}
	if !strings.HasSuffix(files["following-2.csv"].String(), "u20004@example.social,true,false,\n") {
		t.Errorf("second part ends %q", files["following-2.csv"].String())
	}
	var w *FollowLimitWarning
	if !errors.As(fw.CSV.Warning(), &w) || w.Total != MastodonImportMaxRows+5 {
		t.Errorf("warning %v", fw.CSV.Warning())
	}
	var buf bytes.Buffer
	if err := writeAll(NewMastodonCSVStream(&buf), ms); !errors.Is(err, ErrTooManyRows) || buf.Len() != 0 {
		t.Errorf("stream past the row limit: %v, %d bytes", err, buf.Len())
	}
}
