package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/internal/mastodon"
)

// Exit codes. They are documented in README.md, `fledge help exit-codes`
// and the foot of every command's help, all from exitCodes below; scripts
// depend on them, so never renumber.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitPartial     = 3
	exitAuth        = 4
	exitNotLoggedIn = 5
	exitInterrupted = 130
)

// exitCodes is the one description of the codes that the help topic, the
// line at the foot of each command's help and README's table (checked by a
// test) are made from.
var exitCodes = []struct {
	Code  int
	Short string // a few words, for the foot of each command's help
	Long  string // for `fledge help exit-codes` and README
	When  string // the default wording of a command's "Exit status:" paragraph
}{
	{exitOK, "done", "everything asked for was done",
		"when everything asked for is done"},
	{exitError, "failed", "an error stopped the command; the message says what to do",
		"when an error stopped it"},
	{exitUsage, "usage", "the command was called wrongly: unknown command or flag, missing argument, invalid batch file",
		"when it was called wrongly"},
	{exitPartial, "work left", "work is left for a later run, or part of it failed: run the same command again to continue; `fledge match` also when no account had profile data (`fledge help capture`)",
		"when work is left for a later run or part of it failed (run the same command again to continue)"},
	{exitAuth, "token refused", "the server refused the access token (revoked, or the app was removed): run `fledge login` again",
		"when the server refused the token (run \"fledge login\", then the same command)"},
	{exitNotLoggedIn, "not logged in", "no account is logged in (or not the one named): run `fledge login --server URL`, or set FLEDGE_SERVER and FLEDGE_TOKEN",
		"when no account is logged in (or not the one named)"},
	{exitInterrupted, "interrupted", "interrupted by Ctrl-C or SIGTERM; what was saved is kept, and the same command continues from there",
		"when interrupted"},
}

// exitCase is one code of a command's "Exit status:" paragraph and what it
// means for that command; an empty When takes the table's wording.
type exitCase struct {
	Code int
	When string
}

// exitStatus writes a command's "Exit status:" paragraph from exitCodes,
// so that every command's help names the codes with the table's numbers
// and, unless the command has more to say, its words. It panics on a code
// the table lacks: help is built by every test, so that cannot ship.
func exitStatus(cases ...exitCase) string {
	cases = slices.Clone(cases)
	slices.SortStableFunc(cases, func(a, b exitCase) int { return a.Code - b.Code }) // in the table's order
	parts := make([]string, len(cases))
	for i, c := range cases {
		when := c.When
		if when == "" {
			when = exitCodeWhen(c.Code)
		}
		parts[i] = fmt.Sprintf("%d %s", c.Code, when)
	}
	return strings.Join(wrapWords("Exit status: "+strings.Join(parts, "; ")+".", 75), "\n")
}

func exitCodeWhen(code int) string {
	for _, e := range exitCodes {
		if e.Code == code {
			return e.When
		}
	}
	panic(fmt.Sprintf("exit code %d is not in exitCodes", code))
}

// exitCodesFooter is the line at the foot of every command's help.
func exitCodesFooter() string {
	var b strings.Builder
	b.WriteString("Exit codes: ")
	for i, c := range exitCodes {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", c.Code, c.Short)
	}
	b.WriteString(" (fledge help exit-codes).")
	return b.String()
}

// exitCodesHelp is the text of `fledge help exit-codes`.
func exitCodesHelp() string {
	var b strings.Builder
	b.WriteString("fledge exits with one of these codes. Scripts may depend on them.\n")
	for _, c := range exitCodes {
		lines := wrapWords(c.Long, 66)
		for i, l := range lines {
			if i == 0 {
				fmt.Fprintf(&b, "\n  %-4d %s", c.Code, l)
			} else {
				fmt.Fprintf(&b, "\n       %s", l)
			}
		}
	}
	b.WriteString("\n\nUnder --json the final error is also written to stderr as one JSON\nobject: {\"type\":\"error\",\"message\":…,\"exit_code\":…}.")
	return b.String()
}

// wrapWords breaks s into lines of at most width runes, at spaces, but
// never inside a `quoted command`, which must stay whole to be searched
// for and copied.
func wrapWords(s string, width int) []string {
	var words []string
	open := false
	for _, w := range strings.Fields(s) {
		if open {
			words[len(words)-1] += " " + w
		} else {
			words = append(words, w)
		}
		if strings.Count(w, "`")%2 == 1 {
			open = !open
		}
	}
	var lines []string
	line := ""
	for _, w := range words {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

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

// notLoggedInError means there is no account to act as: exit code 5. It
// wraps an *authError, so code that asks "must the person log in first?"
// with errors.As(err, **authError) gets yes for both.
type notLoggedInError struct{ auth *authError }

func (e *notLoggedInError) Error() string { return e.auth.Error() }
func (e *notLoggedInError) Unwrap() error { return e.auth }

// exitCodeFor maps an error returned by a command to the process exit code.
// interrupted reports whether the root context was cancelled by a signal.
func exitCodeFor(err error, interrupted bool) int {
	var ue *usageError
	var pe *partialError
	var ae *authError
	var nl *notLoggedInError
	switch {
	case err == nil:
		return exitOK
	case interrupted && (errors.Is(err, context.Canceled) || errors.Is(err, errInterrupted)):
		return exitInterrupted
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &nl):
		return exitNotLoggedIn
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

// interruptedError is an interruption that knows what it left behind, so
// the final message need not speak of journals a command never kept.
type interruptedError struct{ msg string }

func (e *interruptedError) Error() string        { return e.msg }
func (e *interruptedError) Is(target error) bool { return target == errInterrupted }

// printError writes the final error to stderr: a plain line for people, or
// one JSON object under --json so scripts can read why it failed.
func printError(w io.Writer, err error, code int, asJSON bool, cmdPath string) {
	msg := err.Error()
	var ie *interruptedError
	switch {
	case code == exitInterrupted && errors.As(err, &ie):
		msg = ie.msg
	case code == exitInterrupted:
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
