package ui

import (
	"io"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

// Printer is the one way commands write output. Where a method takes a
// type, a value and a text, the JSON printer writes the value as an object
// line tagged with the type and the text printer writes the text (nothing
// when it is ""), so the command describes each event once.
type Printer interface {
	// JSON reports whether output is JSON lines (--json).
	JSON() bool
	// Verbosity is -v's count: 0 by default.
	Verbosity() int

	// Data writes one record of the command's result to stdout. A typ of
	// "" means v already carries its own "type" field; a nil v, a line
	// with no JSON form of its own (the JSON summary carries it).
	Data(typ string, v any, text string)
	// Report writes the end-of-command summary: under --json a line on
	// stdout after the data, in text a line on stderr (stdout stays data).
	Report(typ string, v any, text string)
	// Status writes a summary to stderr in either form, for commands whose
	// stdout holds a file format of its own (fledge match's jsonl).
	Status(typ string, v any, text string)

	// Message tells the person something on stderr. JSON lines carry the
	// same facts, so the JSON printer drops it.
	Message(format string, args ...any)
	// Warn reports a problem that does not stop the command: "warning: …"
	// on stderr, or a {"type":"warning"} line on stderr under --json.
	Warn(format string, args ...any)
	// V writes a message when -v was given at least level times.
	V(level int, format string, args ...any)

	// Waiting says the command waits for reason ("the server's follow
	// limit") until a time: on the bar when one is drawn, else as a line
	// on stderr. The JSON printer drops it: JSON events carry waits.
	Waiting(reason string, until time.Time)

	// Progress starts a bar counting total units (-1 when unknown) named
	// by unit ("posts", "follows"). It is nil, and every method on it does
	// nothing, unless stderr is a terminal and output is not JSON.
	Progress(total int, unit, desc string) *Bar
	// Table starts a table on stdout: aligned on a terminal, tab-separated
	// when piped. The header row is left out when header is empty.
	Table(header ...string) *Table
}

// Options choose the printer.
type Options struct {
	JSON      bool // JSON lines instead of text
	Verbosity int  // -v's count
}

// New returns the printer for s and o.
func New(s *iostreams.IOStreams, o Options) Printer {
	b := base{io: s, verbosity: o.Verbosity}
	if o.JSON {
		return &jsonPrinter{base: b}
	}
	return &textPrinter{base: b}
}

// base holds what both printers share: the streams, the verbosity, and
// the bars and tables, which look the same under both (the JSON printer's
// streams never draw bars: progress is off under --json).
type base struct {
	io        *iostreams.IOStreams
	verbosity int
}

func (b *base) Verbosity() int { return b.verbosity }
func (b *base) Out() io.Writer { return b.io.Out }
func (b *base) Err() io.Writer { return b.io.ErrOut }
func (b *base) Table(header ...string) *Table {
	t := NewTable(b.io.Out, b.io.IsStdoutTTY())
	if len(header) > 0 {
		t.Row(header...)
	}
	return t
}

func (b *base) Progress(total int, unit, desc string) *Bar {
	if !b.io.ProgressEnabled() {
		return nil
	}
	t, ok := b.io.ErrOut.(*Terminal)
	if !ok {
		// Streams nobody attached (tests, embedding) get a terminal of
		// their own; other writes then do not go around the bar.
		t = NewTerminal(b.io.ErrOut, nil, b.io.TerminalWidth)
	}
	return t.NewBar(total, unit, desc)
}

// barWait shows a wait on the bar drawn on the streams' terminal, and
// reports whether there was one.
func (b *base) barWait(reason string, until time.Time) bool {
	t, ok := b.io.ErrOut.(*Terminal)
	return ok && t.wait(reason, until)
}
