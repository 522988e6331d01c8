package ui

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

// screen is a tiny terminal: it keeps the lines a real one would show for
// text, "\r", "\n" (as a tty's output translation does, back to column 0)
// and "erase to end of line", the only controls the bar uses.
type screen struct {
	lines    [][]rune
	row, col int
}

func (s *screen) Write(p []byte) (int, error) {
	str := string(p)
	for i := 0; i < len(str); {
		if strings.HasPrefix(str[i:], "\x1b[K") {
			s.line()
			s.lines[s.row] = s.lines[s.row][:min(s.col, len(s.lines[s.row]))]
			i += len("\x1b[K")
			continue
		}
		r := []rune(str[i:])[0]
		i += len(string(r))
		switch r {
		case '\r':
			s.col = 0
		case '\n':
			s.row++
			s.col = 0
		default:
			s.line()
			l := s.lines[s.row]
			for len(l) < s.col {
				l = append(l, ' ')
			}
			if s.col < len(l) {
				l[s.col] = r
			} else {
				l = append(l, r)
			}
			s.lines[s.row] = l
			s.col++
		}
	}
	return len(p), nil
}

func (s *screen) line() {
	for len(s.lines) <= s.row {
		s.lines = append(s.lines, nil)
	}
}

// text is the screen's lines, the last one included when it holds text.
// Blanks at the end of a line are dropped: a screen shows them as nothing
// (progressbar ends its line with one, and pads before redrawing).
func (s *screen) text() []string {
	var out []string
	for _, l := range s.lines {
		out = append(out, strings.TrimRight(string(l), " "))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// fakeClock is a clock tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newTestTerminal(width int) (*Terminal, *screen, *fakeClock) {
	scr := &screen{}
	clk := &fakeClock{t: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	// stdout and stderr are the same screen, as in a shell.
	t := NewTerminal(scr, scr, func() int { return width })
	t.now = clk.now
	return t, scr, clk
}

// TestMessagesGoAroundTheBar: what is written while a bar is drawn lands
// on lines of its own, and the bar is redrawn below it (issue 13 §4: not
// "following 33% |███ |…followed @carol@…" on one line).
func TestMessagesGoAroundTheBar(t *testing.T) {
	term, scr, clk := newTestTerminal(0)
	bar := term.NewBar(3, "follows", "following")
	bar.Set(0)
	clk.advance(time.Minute)
	bar.Set(1)
	fmt.Fprintf(term.Stdout(), "followed @carol@example.social\n")
	fmt.Fprintf(term, "warning: bob's server did not answer\n")
	clk.advance(time.Minute)
	bar.Set(2)

	lines := scr.text()
	if len(lines) != 3 {
		t.Fatalf("screen:\n%s", strings.Join(lines, "\n"))
	}
	if lines[0] != "followed @carol@example.social" || lines[1] != "warning: bob's server did not answer" {
		t.Errorf("messages not on lines of their own:\n%s", strings.Join(lines, "\n"))
	}
	if want := "  66% |█████████████░░░░░░░|  following 2/3 follows · 60 follows/h · done by 12:03"; lines[2] != want {
		t.Errorf("bar line\n%q\nwant\n%q", lines[2], want)
	}

	bar.Done()
	fmt.Fprintf(term, "done\n")
	if got := scr.text(); len(got) != 3 || got[2] != "done" {
		t.Errorf("after Done the bar is not cleared:\n%s", strings.Join(got, "\n"))
	}
}

// TestBarETAAndWait: the caller's ETA (the pacer's schedule) wins over the
// rate's, and a wait for a rate limit shows on the bar until work moves.
func TestBarETAAndWait(t *testing.T) {
	term, scr, clk := newTestTerminal(0)
	bar := term.NewBar(300, "posts", "importing")
	bar.Set(100) // resumed: 100 done in earlier runs
	bar.SetETA(clk.t.Add(3*time.Hour + 18*time.Minute))
	clk.advance(30 * time.Minute)
	bar.Set(150)
	if got, want := last(scr), "  50% |██████████░░░░░░░░░░|  importing 150/300 posts · 100 posts/h · done by 15:18"; got != want {
		t.Errorf("bar\n%q\nwant\n%q", got, want)
	}
	bar.Wait("the server's post limit", time.Date(2026, 12, 7, 14, 5, 0, 0, time.UTC))
	if got, want := last(scr), "  50% |██████████░░░░░░░░░░|  importing 150/300 posts · waiting for the server's post limit until 14:05"; got != want {
		t.Errorf("waiting bar\n%q\nwant\n%q", got, want)
	}
	clk.advance(time.Hour)
	bar.Set(151)
	if strings.Contains(last(scr), "waiting") {
		t.Errorf("the wait outlived the work moving on: %q", last(scr))
	}
	bar.Wait("the follow limit", time.Date(2026, 12, 8, 0, 10, 0, 0, time.UTC))
	if !strings.HasSuffix(last(scr), "until Tue 00:10") {
		t.Errorf("a wait into tomorrow has no weekday: %q", last(scr))
	}
}

func last(s *screen) string {
	l := s.text()
	if len(l) == 0 {
		return ""
	}
	return l[len(l)-1]
}

// TestBarNeverWraps: the line fits the screen's width, as a wrapped line
// could not be cleared: the gauge narrows, then goes, then the description
// goes when the count and what follows then fit whole, else the text is
// cut; on a screen too narrow for even that no bar is drawn.
func TestBarNeverWraps(t *testing.T) {
	tests := []struct {
		width int
		want  string
	}{
		{0, "  10% |██░░░░░░░░░░░░░░░░░░|  importing 1/10 posts · done by 12:30"},
		{60, "  10% |█░░░░░░░░░░░|  importing 1/10 posts · done by 12:30"},
		{46, "  10%   importing 1/10 posts · done by 12:30"},
		{40, "  10%   1/10 posts · done by 12:30"},
		{12, "  10%   i…"},
		{10, ""},
	}
	for _, tt := range tests {
		term, scr, clk := newTestTerminal(tt.width)
		bar := term.NewBar(10, "posts", "importing")
		bar.SetETA(time.Date(2026, 12, 7, 12, 30, 0, 0, time.UTC))
		clk.advance(time.Second)
		bar.Set(1)
		if got := last(scr); got != tt.want {
			t.Errorf("width %d:\n%q\nwant\n%q", tt.width, got, tt.want)
		}
		for _, l := range scr.lines {
			if tt.width > 0 && len(l) >= tt.width {
				t.Errorf("width %d: a line of %d columns: %q", tt.width, len(l), string(l))
			}
		}
	}
}

// TestPromptKeepsTheBarAway: a write that leaves its line open (a
// question) is not drawn over; the bar comes back after the answer's line.
func TestPromptKeepsTheBarAway(t *testing.T) {
	term, scr, clk := newTestTerminal(0)
	bar := term.NewBar(2, "posts", "importing")
	fmt.Fprint(term, "Make these changes? [y/N] ")
	clk.advance(time.Second)
	bar.Set(1)
	if got := last(scr); got != "Make these changes? [y/N]" {
		t.Errorf("the bar was drawn over a prompt: %q", got)
	}
	fmt.Fprint(term, "\n")
	if got := last(scr); !strings.Contains(got, "importing 1/2 posts") {
		t.Errorf("the bar did not come back: %q", got)
	}
}

// TestCountingRedrawsAreThrottled: counting alone draws at most every
// redrawEvery of the clock; the last unit always draws.
func TestCountingRedrawsAreThrottled(t *testing.T) {
	var buf bytes.Buffer
	term := NewTerminal(&buf, nil, nil)
	clk := &fakeClock{t: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	term.now = clk.now
	bar := term.NewBar(1000, "posts", "importing")
	for range 999 {
		bar.Add(1)
	}
	draws := strings.Count(buf.String(), "importing")
	bar.Add(1)
	if draws != 1 || !strings.Contains(buf.String(), "1000/1000") {
		t.Errorf("%d draws for 999 units at one instant (want 1), last %q", draws, buf.String()[max(0, buf.Len()-80):])
	}
}

func TestNilBarIsANoOp(t *testing.T) {
	var b *Bar
	b.Set(1)
	b.Add(1)
	b.Describe("x")
	b.SetETA(time.Now())
	b.Wait("x", time.Now())
	b.Done()
}

// TestAttach: streams that may draw bars go through one Terminal, stdout
// too when it is the same kind of screen; others are left alone.
func TestAttach(t *testing.T) {
	tests := []struct {
		name             string
		stderr, stdout   bool
		noProgress       bool
		wantErr, wantOut bool
	}{
		{"piped", false, false, false, false, false},
		{"stderr a terminal, stdout piped", true, false, false, true, false},
		{"both terminals", true, true, false, true, true},
		{"--no-progress", true, true, true, false, false},
	}
	for _, tt := range tests {
		s, _, out, errOut := iostreams.Test()
		s.SetStderrTTY(tt.stderr)
		s.SetStdoutTTY(tt.stdout)
		if tt.noProgress {
			s.DisableProgress()
		}
		Attach(s)
		Attach(s) // twice is once
		_, isTerm := s.ErrOut.(*Terminal)
		if isTerm != tt.wantErr || (s.Out != io.Writer(out)) != tt.wantOut {
			t.Errorf("%s: stderr wrapped %v, stdout wrapped %v", tt.name, isTerm, s.Out != io.Writer(out))
		}
		fmt.Fprint(s.Out, "data\n")
		fmt.Fprint(s.ErrOut, "message\n")
		if out.String() != "data\n" || errOut.String() != "message\n" {
			t.Errorf("%s: stdout %q, stderr %q", tt.name, out, errOut)
		}
	}
}

// TestBarWithoutTotal: a count with no known total is a spinner and the
// count, no percentage; the frame moves with each draw.
func TestBarWithoutTotal(t *testing.T) {
	term, scr, clk := newTestTerminal(0)
	bar := term.NewBar(-1, "members", "building the list")
	first := last(scr)
	clk.advance(time.Minute)
	bar.Add(3)
	got := last(scr)
	if !strings.HasSuffix(got, "building the list 3 members · 180 members/h") || strings.Contains(got, "%") {
		t.Errorf("bar without a total: %q", got)
	}
	if []rune(first)[0] == []rune(got)[0] {
		t.Errorf("the spinner did not move: %q then %q", first, got)
	}
}
