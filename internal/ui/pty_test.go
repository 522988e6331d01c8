//go:build unix

package ui

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

// onPseudoTerminal runs draw with streams on a real pseudo-terminal of
// cols columns, as a person's shell would give them (stdout and stderr
// the same tty), and returns the screen's lines.
func onPseudoTerminal(t *testing.T, cols uint16, draw func(s *iostreams.IOStreams)) []string {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: cols}); err != nil {
		t.Fatal(err)
	}
	var screenBytes bytes.Buffer
	read := make(chan struct{})
	go func() {
		_, _ = io.Copy(&screenBytes, ptmx) // ends with EIO once tty closes
		close(read)
	}()
	s := iostreams.New(nil, tty, tty)
	if !s.IsStderrTTY() || !s.IsStdoutTTY() || s.TerminalWidth() != int(cols) {
		t.Fatalf("a pty is not seen as a terminal: stderr %v stdout %v width %d", s.IsStderrTTY(), s.IsStdoutTTY(), s.TerminalWidth())
	}
	Attach(s)
	draw(s)
	tty.Close()
	select {
	case <-read:
	case <-time.After(10 * time.Second):
		t.Fatal("the pseudo-terminal's output never ended")
	}
	scr := &screen{}
	_, _ = scr.Write(screenBytes.Bytes())
	lines := scr.text()
	t.Logf("screen:\n%s", strings.Join(lines, "\n"))
	return lines
}

// TestBarInAPseudoTerminal reads a real pseudo-terminal's screen back:
// the terminal is detected as one, the bar is cut to its width, and
// messages printed while the bar is drawn sit on lines of their own with
// the bar below them.
func TestBarInAPseudoTerminal(t *testing.T) {
	lines := onPseudoTerminal(t, 60, func(s *iostreams.IOStreams) {
		p := New(s, Options{})
		bar := p.Progress(3, "follows", "following")
		bar.Set(1)
		fmt.Fprintln(s.Out, "followed @carol@example.social")
		p.Warn("bob's server did not answer")
		bar.Set(2)
		bar.Wait("the server's follow limit", time.Date(2026, 12, 7, 14, 5, 0, 0, time.Local))
	})
	if len(lines) != 3 {
		t.Fatalf("screen:\n%s", strings.Join(lines, "\n"))
	}
	if lines[0] != "followed @carol@example.social" || lines[1] != "warning: bob's server did not answer" {
		t.Errorf("messages share a line with the bar:\n%s", strings.Join(lines, "\n"))
	}
	if want := "  66%   following 2/3 follows · waiting for the server's follow limit until 14:05"; !strings.HasPrefix(want, strings.TrimSuffix(lines[2], "…")) || len([]rune(lines[2])) > 59 {
		t.Errorf("bar line %q: want the start of %q, fitted to the 60 columns", lines[2], want)
	}
}

// TestBarWaitTextInAPseudoTerminal: on the usual 80 columns and on a
// wider screen the wait is read whole on the bar; what gives way on 80 is
// the gauge and the description, and on 120 nothing.
func TestBarWaitTextInAPseudoTerminal(t *testing.T) {
	const wait = "126/300 posts · waiting for the server's post limit until 14:05"
	for _, tt := range []struct {
		cols uint16
		want string
	}{
		{80, "  42%   " + wait},
		{120, "  42% |████████░░░░░░░░░░░░|  importing " + wait},
	} {
		t.Run(fmt.Sprint(tt.cols), func(t *testing.T) {
			lines := onPseudoTerminal(t, tt.cols, func(s *iostreams.IOStreams) {
				bar := New(s, Options{}).Progress(300, "posts", "importing")
				bar.Set(126)
				bar.Wait("the server's post limit", time.Date(2026, 12, 7, 14, 5, 0, 0, time.Local))
			})
			if len(lines) != 1 || lines[0] != tt.want {
				t.Errorf("screen %q, want the bar %q", lines, tt.want)
			}
		})
	}
}
