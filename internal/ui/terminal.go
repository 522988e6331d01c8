package ui

import (
	"io"
	"sync"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

// clearLine returns the cursor to the start of the line and erases it.
const clearLine = "\r\x1b[K"

// Terminal owns the bottom line of a terminal's stderr while a progress
// bar is drawn there. Every write through it (stderr, and stdout when
// that is the same screen) first clears the bar, then writes, then draws
// the bar again on the line below what was written: a message never runs
// into the bar's line. A write that leaves a line unfinished (a prompt)
// keeps the bar hidden until a later write ends the line.
type Terminal struct {
	mu      sync.Mutex
	err     io.Writer // the real stderr, where the bar is drawn
	out     io.Writer // the real stdout when it is a terminal, else nil
	width   func() int
	now     func() time.Time
	bar     *Bar
	shown   bool // the bar is on the screen now
	midLine bool // the last write left its line unfinished
	quiet   bool // progressbar's writes go nowhere: a line being measured
}

// NewTerminal returns a terminal drawing on stderr. stdout, when not nil,
// is the same screen's standard output. width reports the screen's
// columns (0 when unknown); it may be nil.
func NewTerminal(stderr, stdout io.Writer, width func() int) *Terminal {
	if width == nil {
		width = func() int { return 0 }
	}
	return &Terminal{err: stderr, out: stdout, width: width, now: time.Now}
}

// Attach routes s's stderr, and its stdout when that is a terminal too,
// through a Terminal, so that output written while a bar is drawn goes
// around it. It does nothing unless progress bars may be drawn.
func Attach(s *iostreams.IOStreams) {
	if !s.ProgressEnabled() {
		return
	}
	if _, done := s.ErrOut.(*Terminal); done {
		return
	}
	var out io.Writer
	if s.IsStdoutTTY() {
		out = s.Out
	}
	t := NewTerminal(s.ErrOut, out, s.TerminalWidth)
	s.ErrOut = t
	if out != nil {
		s.Out = t.Stdout()
	}
}

// Write writes p to stderr around the bar.
func (t *Terminal) Write(p []byte) (int, error) { return t.write(t.err, p) }

// Stdout is the terminal's standard output, written around the bar. It is
// nil when NewTerminal had no stdout.
func (t *Terminal) Stdout() io.Writer {
	if t.out == nil {
		return nil
	}
	return stdoutWriter{t}
}

type stdoutWriter struct{ t *Terminal }

func (w stdoutWriter) Write(p []byte) (int, error) { return w.t.write(w.t.out, p) }

func (t *Terminal) write(w io.Writer, p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clearLocked()
	n, err := w.Write(p)
	if len(p) > 0 {
		t.midLine = p[len(p)-1] != '\n'
	}
	t.drawLocked()
	return n, err
}

// clearLocked erases the bar's line. It does not use progressbar's Clear,
// which blanks with spaces as wide as the widest line drawn so far (they
// wrap on a screen that has since narrowed) and skips a finished bar.
func (t *Terminal) clearLocked() {
	if t.shown {
		_, _ = io.WriteString(t.err, clearLine)
		t.shown = false
	}
}

// drawLocked draws the bar (progressbar writes it) on the current line,
// without a newline, so the next write can take the line back.
func (t *Terminal) drawLocked() {
	if t.bar == nil || t.midLine {
		return
	}
	t.clearLocked()
	now := t.now()
	t.shown = t.bar.paint(now, t.width())
	t.bar.drawn = now
}

// wait shows a wait on the bar drawn now, if any, and reports whether
// there was one.
func (t *Terminal) wait(reason string, until time.Time) bool {
	t.mu.Lock()
	b := t.bar
	t.mu.Unlock()
	if b == nil {
		return false
	}
	b.Wait(reason, until)
	return true
}
