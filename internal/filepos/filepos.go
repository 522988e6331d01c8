// Package filepos is a place in a file (file, line, column) for error
// messages and for telling the user where a value came from. The config
// and migration-file readers share it, with the rewriting of yaml.v3's
// syntax errors into that form.
package filepos

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Position is a place in a file; Line and Column count from 1, and 0
// means unknown.
type Position struct {
	File   string
	Line   int
	Column int
}

// String gives "file", "file:line" or "file:line:column", as much as is
// known.
func (p Position) String() string {
	switch {
	case p.Line <= 0:
		return p.File
	case p.Column <= 0:
		return p.File + ":" + strconv.Itoa(p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// YAMLSyntax splits a yaml.v3 parse error ("yaml: line 3: did not find
// expected key") into where it is in file and what it says ("did not find
// expected key").
func YAMLSyntax(file string, err error) (Position, string) {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, err := strconv.Atoi(m[1])
		if err != nil {
			line = 0 // out of range: say the file only
		}
		return Position{File: file, Line: line}, m[2]
	}
	return Position{File: file}, strings.TrimPrefix(msg, "yaml: ")
}
