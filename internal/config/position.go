package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Position is a place in a file, for error messages and for telling the
// user where a value came from.
type Position struct {
	File   string
	Line   int
	Column int
}

func (p Position) String() string {
	switch {
	case p.Line <= 0:
		return p.File
	case p.Column <= 0:
		return p.File + ":" + strconv.Itoa(p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

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

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError rewrites a yaml.v3 parse error ("yaml: line 3: did not find
// expected key") as "file:3: did not find expected key".
func syntaxError(file string, err error) error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &FileError{Pos: Position{File: file, Line: line}, Msg: m[2]}
	}
	return &FileError{Pos: Position{File: file}, Msg: strings.TrimPrefix(msg, "yaml: ")}
}
