package profiles

import "fmt"

// InputError is a problem in a user-supplied file (--profiles, --handles,
// --exclude-following). It names the file and the 1-based line so the user
// can go straight to it.
type InputError struct {
	File string
	Line int // 0 when the problem is not tied to a line
	Err  error
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

func inputErr(file string, line int, format string, args ...any) error {
	return &InputError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}
