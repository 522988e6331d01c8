// Package iostreams owns the process's standard streams and the decisions
// that depend on them: whether stdout and stderr are terminals, whether to
// use colour, and whether progress bars may be drawn. Commands decide TTY
// behaviour here, once, rather than each probing os.Stdout themselves.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the three standard streams plus what we know about them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // data
	ErrOut io.Writer // progress, messages, errors

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool

	colorDisabled    bool
	progressDisabled bool

	// width reports the terminal's columns; nil unless stderr is a file.
	width func() int
}

// System returns streams bound to the process's stdin, stdout and stderr.
func System() *IOStreams {
	s := New(os.Stdin, os.Stdout, os.Stderr)
	// NO_COLOR (https://no-color.org) disables colour whatever its value.
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		s.colorDisabled = true
	}
	if os.Getenv("TERM") == "dumb" {
		s.colorDisabled = true
	}
	return s
}

// New returns streams on in, out and errOut; those that are terminals
// (an *os.File on a tty) are known as such.
func New(in io.Reader, out, errOut io.Writer) *IOStreams {
	s := &IOStreams{
		In:        in,
		Out:       out,
		ErrOut:    errOut,
		stdinTTY:  isTerminal(in),
		stdoutTTY: isTerminal(out),
		stderrTTY: isTerminal(errOut),
	}
	if f, ok := errOut.(*os.File); ok {
		s.width = func() int {
			w, _, err := term.GetSize(int(f.Fd()))
			if err != nil || w <= 0 {
				// A terminal that does not say (a serial line, some
				// emulators): the classic 80 columns, so a bar still
				// never wraps there.
				return 80
			}
			return w
		}
	}
	return s
}

// Test returns buffer-backed streams with every TTY flag off, and the
// buffers for stdin, stdout and stderr.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && f != nil && term.IsTerminal(int(f.Fd()))
}

// IsStdinTTY reports whether stdin is a terminal (so we may prompt).
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether stderr is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// SetStdinTTY lets tests pretend stdin is a terminal.
func (s *IOStreams) SetStdinTTY(v bool) { s.stdinTTY = v }

// SetStdoutTTY lets tests check the terminal layout of output.
func (s *IOStreams) SetStdoutTTY(v bool) { s.stdoutTTY = v }

// SetStderrTTY lets tests check progress and prompts.
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = v }

// DisableColor turns colour off (--no-color).
func (s *IOStreams) DisableColor() { s.colorDisabled = true }

// ColorEnabled reports whether stderr output may use ANSI colour.
func (s *IOStreams) ColorEnabled() bool { return s.stderrTTY && !s.colorDisabled }

// DisableProgress turns progress bars off (--no-progress, --json).
func (s *IOStreams) DisableProgress() { s.progressDisabled = true }

// ProgressEnabled reports whether progress bars may draw: only on a
// terminal stderr, and never in machine-output mode.
func (s *IOStreams) ProgressEnabled() bool { return s.stderrTTY && !s.progressDisabled }

// TerminalWidth is stderr's width in columns (80 for a terminal that does
// not say), 0 when not a terminal or with test streams: progress bars are
// cut to it so they never wrap.
func (s *IOStreams) TerminalWidth() int {
	if s.width == nil || !s.stderrTTY {
		return 0
	}
	return s.width()
}

// CanPrompt reports whether we may ask the user a question.
func (s *IOStreams) CanPrompt() bool { return s.stdinTTY && s.stderrTTY }
