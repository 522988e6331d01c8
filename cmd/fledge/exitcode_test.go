package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestExitCodeFor(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		interrupted bool
		want        int
	}{
		{"success", nil, false, exitOK},
		{"plain error", errors.New("boom"), false, exitError},
		{"usage", usageErrorf("missing argument"), false, exitUsage},
		{"wrapped usage", fmt.Errorf("ctx: %w", usageErrorf("x")), false, exitUsage},
		{"partial", &partialError{"3 of 10 failed"}, false, exitPartial},
		{"auth", fmt.Errorf("posting: %w", &authError{errors.New("401")}), false, exitAuth},
		{"not logged in", fmt.Errorf("whoami: %w", notLoggedIn(errors.New("not logged in"))), false, exitNotLoggedIn},
		{"cancelled by signal", fmt.Errorf("reading: %w", context.Canceled), true, exitInterrupted},
		{"other error after signal", errors.New("connection reset"), true, exitInterrupted},
		{"usage error wins over nothing", usageErrorf("x"), false, exitUsage},
		{"cancelled without a signal is an error", context.Canceled, false, exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitCodeFor(tt.err, tt.interrupted); got != tt.want {
				t.Fatalf("exitCodeFor(%v, %v) = %d, want %d", tt.err, tt.interrupted, got, tt.want)
			}
		})
	}
}

func TestPrintErrorJSON(t *testing.T) {
	var buf bytes.Buffer
	printError(&buf, errors.New("archive.zip: not a zip file"), exitError, true, "fledge archive inspect")
	var got struct {
		Type     string `json:"type"`
		Message  string `json:"message"`
		ExitCode int    `json:"exit_code"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not one JSON object: %q: %v", buf.String(), err)
	}
	if got.Type != "error" || got.ExitCode != 1 || !strings.Contains(got.Message, "not a zip") {
		t.Fatalf("got %+v", got)
	}
}

func TestPrintErrorUsageHint(t *testing.T) {
	var buf bytes.Buffer
	printError(&buf, usageErrorf("bad"), exitUsage, false, "fledge archive inspect")
	if !strings.Contains(buf.String(), "fledge archive inspect --help") {
		t.Fatalf("no help hint in %q", buf.String())
	}
}

// Not being logged in has its own exit code, yet callers that ask "must
// the person log in first?" with errors.As(*authError) still get yes.
func TestNotLoggedInIsAnAuthError(t *testing.T) {
	err := fmt.Errorf("migrate: %w", notLoggedIn(errors.New("not logged in")))
	var ae *authError
	if !errors.As(err, &ae) {
		t.Fatalf("%v does not match *authError", err)
	}
	if got := exitCodeFor(err, false); got != exitNotLoggedIn {
		t.Fatalf("exit %d, want %d", got, exitNotLoggedIn)
	}
}

func TestJSONRequested(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"archiv", "--json"}, true},
		{[]string{"--json", "archiv"}, true},
		{[]string{"archiv", "--json=true"}, true},
		{[]string{"archiv", "--json=false"}, false},
		{[]string{"archiv", "--json=maybe"}, false},
		{[]string{"archiv"}, false},
		{[]string{"archiv", "--", "--json"}, false},
		{[]string{"archiv", "--jsonl"}, false},
	}
	for _, tt := range tests {
		if got := jsonRequested(tt.args); got != tt.want {
			t.Errorf("jsonRequested(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestUnknownCommandOneLine(t *testing.T) {
	got := unknownCommand(errors.New("unknown command \"archiv\" for \"fledge\"\n\nDid you mean this?\n\tarchive\n\tarchived\n")).Error()
	if want := `unknown command "archiv" for "fledge"; did you mean archive or archived?`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := unknownCommand(errors.New("unknown command \"x\" for \"fledge\"\n")).Error(); got != `unknown command "x" for "fledge"` {
		t.Errorf("without suggestions: %q", got)
	}
}

// TestExitStatusParagraphs checks every command's "Exit status:" paragraph
// against the table: only codes it knows, and 5 (not logged in) named by
// each command that acts as an account.
func TestExitStatusParagraphs(t *testing.T) {
	f, _ := testFactory()
	root := newRootCmd(f)
	known := map[string]bool{}
	for _, c := range exitCodes {
		known[strconv.Itoa(c.Code)] = true
	}
	needLogin := map[string]bool{"follow": true, "import": true, "profile": true, "undo": true,
		"block": true, "mute": true, "migrate": true, "directory": true, "whoami": true, "logout": true}
	codeRe := regexp.MustCompile(`(?:^|[;:] )(\d+) (?:when|for)\b`)
	seen := 0
	for _, c := range root.Commands() {
		_, para, ok := strings.Cut(c.Long, "Exit status:")
		if !ok {
			if needLogin[c.Name()] {
				t.Errorf("fledge %s: no Exit status paragraph", c.Name())
			}
			continue
		}
		seen++
		para, _, _ = strings.Cut(para, "\n\n")
		para = "Exit status:" + strings.ReplaceAll(para, "\n", " ")
		codes := map[string]bool{}
		for _, m := range codeRe.FindAllStringSubmatch(para, -1) {
			if !known[m[1]] {
				t.Errorf("fledge %s: exit code %s is not in exitCodes: %q", c.Name(), m[1], para)
			}
			codes[m[1]] = true
		}
		if !codes["0"] {
			t.Errorf("fledge %s: paragraph names no codes: %q", c.Name(), para)
		}
		if needLogin[c.Name()] && !codes["5"] {
			t.Errorf("fledge %s acts as an account but does not name exit code 5: %q", c.Name(), para)
		}
	}
	if seen < len(needLogin) {
		t.Errorf("found %d Exit status paragraphs, want at least %d", seen, len(needLogin))
	}
}

func TestExitStatusDefaultsFromTable(t *testing.T) {
	got := exitStatus(exitCase{exitOK, "when it is done"}, exitCase{exitNotLoggedIn, ""})
	want := "Exit status: 0 when it is done; 5 " + exitCodeWhen(exitNotLoggedIn) + "."
	if strings.ReplaceAll(got, "\n", " ") != want {
		t.Errorf("exitStatus = %q, want %q", got, want)
	}
	defer func() {
		if recover() == nil {
			t.Error("a code missing from exitCodes did not panic")
		}
	}()
	exitCodeWhen(42)
}
