package main

import (
	"bufio"
	"io"

	"github.com/fledge-cli/fledge/internal/ui"
)

// recordWriter writes the records of the archive commands whose output is
// JSON lines with or without --json (archive accounts, archive tweets):
// each record one {"type":…} line through a printer, so the lines look as
// every other --json line does. Output is buffered, and each record is
// written as it comes: nothing is kept, so memory does not grow with the
// archive.
type recordWriter struct {
	p   ui.Printer
	buf *bufio.Writer
	out *stickyWriter
}

func newRecordWriter(f *factory) *recordWriter {
	out := &stickyWriter{w: f.IO.Out}
	buf := bufio.NewWriter(out)
	s := *f.IO
	s.Out = buf
	return &recordWriter{p: ui.New(&s, ui.Options{JSON: f.Globals.JSON, Verbosity: f.Globals.Verbose}), buf: buf, out: out}
}

// write writes v as one line of type typ. It returns the first error
// writing stdout (a closed pipe), so the command stops reading the archive.
func (r *recordWriter) write(typ string, v any) error {
	if r.p.JSON() {
		r.p.Data(typ, v, "")
		return r.out.err
	}
	// The text form of these commands is the same JSON line.
	b, err := ui.Line(typ, v)
	if err != nil {
		return err
	}
	r.p.Data("", nil, string(b))
	return r.out.err
}

// flush writes what is buffered.
func (r *recordWriter) flush() error { return r.buf.Flush() }

// stickyWriter remembers the first error writing w: the printer drops
// output errors, a command streaming an archive stops on them.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}
