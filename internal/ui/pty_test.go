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

// TestBarInAPseudoTerminal runs the printer on a real pseudo-terminal, as
// a person's shell would give it (stdout and stderr the same tty), and
// reads the screen back: the terminal is detected as one, the bar is cut
// to its width, and messages printed while the bar is drawn sit on lines
// of their own with the bar below them.
func TestBarInAPseudoTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 60}); err != nil {
		t.Fatal(err)
	}
	var screenBytes bytes.Buffer
	read := make(chan struct{})
	go func() {
		_, _ = io.Copy(&screenBytes, ptmx) // ends with EIO once tty closes
		close(read)
	}()

	s := iostreams.New(nil, tty, tty)
	if !s.IsStderrTTY() || !s.IsStdoutTTY() || s.TerminalWidth() != 60 {
		t.Fatalf("a pty is not seen as a terminal: stderr %v stdout %v width %d", s.IsStderrTTY(), s.IsStdoutTTY(), s.TerminalWidth())
	}
	Attach(s)
	p := New(s, Options{})
	bar := p.Progress(3, "follows", "following")
	bar.Set(1)
	fmt.Fprintln(s.Out, "followed @carol@example.social")
	p.Warn("bob's server did not answer")
	bar.Set(2)
	bar.Wait("the server's follow limit", time.Date(2026, 12, 7, 14, 5, 0, 0, time.Local))
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
