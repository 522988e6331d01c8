package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/fledge-cli/fledge/internal/mastodon"
)

// Exit codes. They are documented in README.md and `fledge help exit-codes`;
// scripts depend on them, so never renumber.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitPartial     = 3
	exitAuth        = 4
	exitInterrupted = 130
)

// usageError marks a mistake in how the command was called: exit code 2,
// with a hint to read the help.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, a ...any) error {
	return &usageError{fmt.Errorf(format, a...)}
}

// partialError means some of the work succeeded and some did not (or is
// left for a later run): exit code 3. The command has already reported
// the details; Error is the one-line summary.
type partialError struct{ msg string }

func (e *partialError) Error() string { return e.msg }

// authError means the server refused our credentials: exit code 4.
type authError struct{ err error }

func (e *authError) Error() string { return e.err.Error() }
func (e *authError) Unwrap() error { return e.err }

// exitCodeFor maps an error returned by a command to the process exit code.
// interrupted reports whether the root context was cancelled by a signal.
func exitCodeFor(err error, interrupted bool) int {
	var ue *usageError
	var pe *partialError
	var ae *authError
	switch {
	case err == nil:
		return exitOK
	case interrupted && (errors.Is(err, context.Canceled) || errors.Is(err, errInterrupted)):
		return exitInterrupted
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &ae):
		return exitAuth
	case errors.Is(err, mastodon.ErrAuth):
		return exitAuth
	case errors.As(err, &pe):
		return exitPartial
	case interrupted:
		// Cancelled work often surfaces as some other error (a closed
		// connection, a failed write); the signal is what mattered.
		return exitInterrupted
	default:
		return exitError
	}
}

// errInterrupted is returned by code that notices the cancellation itself.
var errInterrupted = errors.New("interrupted")

// printError writes the final error to stderr: a plain line for people, or
// one JSON object under --json so scripts can read why it failed.
func printError(w io.Writer, err error, code int, asJSON bool, cmdPath string) {
	msg := err.Error()
	if code == exitInterrupted {
		// Commands that write keep a journal and say what is left; read-only
		// ones (inspect, dry runs, previews) have nothing to resume, so the
		// message must not promise saved progress.
		msg = "interrupted; whatever was already saved (journals, caches) is kept, and the same command continues from there"
	}
	if asJSON {
		_ = newJSONEncoder(w).Encode(struct {
			Type     string `json:"type"`
			Message  string `json:"message"`
			ExitCode int    `json:"exit_code"`
		}{"error", msg, code})
		return
	}
	fmt.Fprintf(w, "fledge: %s\n", msg)
	if code == exitUsage {
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", cmdPath)
	}
}
