package batch

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fledge-cli/fledge/internal/filepos"
)

// Pos is a place in the migration file.
type Pos = filepos.Position

// Error is one problem at a position in the file.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Errors are every problem found in a file, in file order. Its message has
// one problem per line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find any single *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// maxErrors keeps a badly broken file from printing thousands of lines.
const maxErrors = 50

// collector gathers problems while the file is walked.
type collector struct {
	file string
	errs Errors
}

func (c *collector) at(n *yaml.Node, format string, a ...any) {
	c.errs = append(c.errs, &Error{Pos: c.pos(n), Msg: fmt.Sprintf(format, a...)})
}

func (c *collector) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: c.file, Line: 1, Column: 1}
	}
	return Pos{File: c.file, Line: n.Line, Column: n.Column}
}

// result returns the problems sorted by position, or nil.
func (c *collector) result() error {
	if len(c.errs) == 0 {
		return nil
	}
	es := slices.Clone(c.errs)
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Column, b.Pos.Column))
	})
	if len(es) > maxErrors {
		rest := len(es) - maxErrors
		es = append(es[:maxErrors:maxErrors], &Error{Pos: Pos{File: c.file}, Msg: fmt.Sprintf("… and %d more problems", rest)})
	}
	return es
}

// syntaxError rewrites a yaml.v3 parse error ("yaml: line 3: did not find
// expected key") as "file:3: did not find expected key".
func syntaxError(file string, err error) error {
	pos, msg := filepos.YAMLSyntax(file, err)
	return Errors{{Pos: pos, Msg: msg}}
}
