package ui

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Table writes rows of cells: aligned in columns for a terminal, or
// separated by single tabs so piped output goes cleanly into cut or awk.
// Cells are kept to one line and out of their neighbours: tabs, newlines
// and other control characters become spaces, as the text is often a
// stranger's (a bio, a display name).
type Table struct {
	out  io.Writer
	bw   *bufio.Writer
	tw   *tabwriter.Writer
	rows int
}

// NewTable returns a table on w, aligned when aligned is set.
func NewTable(w io.Writer, aligned bool) *Table {
	t := &Table{bw: bufio.NewWriter(w)}
	t.out = t.bw
	if aligned {
		t.tw = tabwriter.NewWriter(t.bw, 0, 8, 2, ' ', 0)
		t.out = t.tw
	}
	return t
}

// Row writes one row.
func (t *Table) Row(cells ...string) {
	for i, c := range cells {
		if i > 0 {
			_, _ = io.WriteString(t.out, "\t")
		}
		_, _ = io.WriteString(t.out, Cell(c))
	}
	_, _ = io.WriteString(t.out, "\n")
	t.rows++
}

// Rows is how many rows were written, header included.
func (t *Table) Rows() int { return t.rows }

// Flush writes out what is buffered; an aligned table is laid out only
// now, when every row is known.
func (t *Table) Flush() error {
	if t.tw != nil {
		if err := t.tw.Flush(); err != nil {
			return fmt.Errorf("write table: %w", err)
		}
	}
	if err := t.bw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// Cell keeps s on one line and out of the neighbouring columns.
func Cell(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
