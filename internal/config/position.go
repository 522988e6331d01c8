package config

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/fledge-cli/fledge/internal/filepos"
)

// Position is a place in a file, for error messages and for telling the
// user where a value came from.
type Position = filepos.Position

func nodePos(file string, n *yaml.Node) Position {
	return Position{File: file, Line: n.Line, Column: n.Column}
}

// FileError is a problem at a position in a config file.
type FileError struct {
	Pos Position
	Msg string
}

func (e *FileError) Error() string { return e.Pos.String() + ": " + e.Msg }

func errorAt(file string, n *yaml.Node, format string, a ...any) error {
	return &FileError{Pos: nodePos(file, n), Msg: fmt.Sprintf(format, a...)}
}

// syntaxError rewrites a yaml.v3 parse error ("yaml: line 3: did not find
// expected key") as "file:3: did not find expected key".
func syntaxError(file string, err error) error {
	pos, msg := filepos.YAMLSyntax(file, err)
	return &FileError{Pos: pos, Msg: msg}
}
