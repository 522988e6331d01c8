package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// jsonExempt are the commands whose output under --json is not JSON lines,
// by design; each says why. Every other command must appear in
// jsonLineCases, so a command added later fails TestJSONLinesAreTyped
// until it is run there or listed here with a reason.
var jsonExempt = map[string]string{
	"help":                  "help for people (as --help is)",
	"archive":               "a group: without a subcommand it prints its help",
	"man":                   "writes a man page (roff), not data; its help says so",
	"completion bash":       "writes a shell script for the shell to load",
	"completion zsh":        "writes a shell script for the shell to load",
	"completion fish":       "writes a shell script for the shell to load",
	"completion powershell": "writes a shell script for the shell to load",
}

// jsonCase is one run of fledge --json ARGS… The cases run in order in one
// home, so later ones use what earlier ones made (the login, the matches
// file, the import job).
type jsonCase struct {
	args  []string
	stdin string
	exit  int // the exit code expected: 2 where --json contradicts the command
	// quiet: stdout may stay empty (the data went to the -o file and the
	// summary to stderr, as fledge match does)
	quiet bool
}

// jsonLineCases runs every command without the internet: the sample
// archive, the sample capture, --offline and --dry-run, and srv (a fake
// GoToSocial server on loopback, whose accounts are alice and bob).
func jsonLineCases(t *testing.T, dir string, srv *mastotest.Server, token string) []jsonCase {
	_, file, _, _ := runtime.Caller(0)
	testdata := filepath.Join(filepath.Dir(file), "..", "..", "archive", "testdata")
	zip := filepath.Join(testdata, "sample-archive.zip")
	har := filepath.Join(testdata, "sample-following.har")
	small := benchArchive(t, 12) // an import that posts 12 tweets at once
	in := func(name, content string) string {
		p := filepath.Join(dir, name)
		writeTestFile(t, p, content)
		return p
	}
	matches := filepath.Join(dir, "matches.jsonl")
	handles := in("handles.csv", "bob@gts.example\n")
	yaml := in("migration.yaml", fmt.Sprintf(`version: 1
defaults:
  server: %s
  steps: [match]
  match: {offline: true, profiles: %s}
accounts:
  - {name: alice, archive: %s, account: alice@gts.example}
`, srv.URL(), har, zip))
	return []jsonCase{
		{args: []string{"login", "--server", srv.URL(), "--token-stdin"}, stdin: token + "\n"},
		{args: []string{"whoami"}},
		{args: []string{"accounts"}},
		{args: []string{"version"}},
		{args: []string{"archive", "inspect", zip}},
		{args: []string{"archive", "tweets", zip}},
		{args: []string{"archive", "accounts", zip}},
		{args: []string{"match", zip, "--offline", "--profiles", har}},
		{args: []string{"match", zip, "--offline", "--profiles", har, "-o", matches}, quiet: true},
		{args: []string{"follow", matches, "--dry-run"}},
		{args: []string{"export", matches, "-o", filepath.Join(dir, "following.csv")}},
		{args: []string{"export", matches, "-o", "-"}, exit: exitUsage},
		{args: []string{"block", handles, "--dry-run"}},
		{args: []string{"mute", handles, "--dry-run"}},
		{args: []string{"profile", zip, "--dry-run"}},
		{args: []string{"import", small, "--dry-run", "--job", "imp"}},
		{args: []string{"import", small, "--yes", "--job", "imp"}},
		{args: []string{"import", "--status"}},
		{args: []string{"status"}},
		{args: []string{"undo", "imp", "--yes"}},
		{args: []string{"migrate", zip, "--dry-run", "--offline", "--profiles", har}},
		{args: []string{"run", "--dry-run", yaml}},
		{args: []string{"run", "--check", yaml}},
		{args: []string{"run", "--example"}, exit: exitUsage},
		{args: []string{"directory", "--offline", "--profiles", har, "-o", filepath.Join(dir, "directory"), zip}},
		{args: []string{"logout"}},
	}
}

// TestJSONLinesAreTyped: under --json every line fledge writes, on stdout
// and on stderr, is one JSON object whose first field is a non-empty
// "type" (issue 13 §7), for every command of the tree but the exempt ones.
func TestJSONLinesAreTyped(t *testing.T) {
	srv := mastotest.New(mastotest.Options{Software: mastotest.GoToSocial, Domain: "gts.example"})
	defer srv.Close()
	alice := srv.AddAccount("alice", mastotest.AccountOptions{})
	srv.AddAccount("bob", mastotest.AccountOptions{})
	dir := t.TempDir()
	env := map[string]string{
		"FLEDGE_CONFIG_DIR": filepath.Join(dir, "config"),
		"FLEDGE_STATE_DIR":  filepath.Join(dir, "state"),
		"FLEDGE_CACHE_DIR":  filepath.Join(dir, "cache"),
		"HOME":              dir,
	}
	for k, v := range env {
		t.Setenv(k, v) // mainRun reads the process's environment
	}
	t.Setenv("FLEDGE_SERVER", "")
	t.Setenv("FLEDGE_TOKEN", "")

	ran := map[string]bool{}
	root := newRootCmd(&factory{IO: iostreams.New(nil, nil, nil), Globals: &globalOptions{}, Getenv: func(string) string { return "" }})
	root.InitDefaultCompletionCmd() // cobra adds it when it executes
	for _, c := range jsonLineCases(t, dir, srv, alice.Token) {
		name := strings.Join(c.args, " ")
		cmd, _, err := root.Find(c.args)
		if err != nil {
			t.Fatalf("fledge %s: no such command: %v", name, err)
		}
		ran[commandName(cmd)] = true
		io, stdin, out, errOut := iostreams.Test()
		stdin.WriteString(c.stdin)
		start := time.Now()
		code := mainRun(append([]string{"--json"}, c.args...), io)
		if code != c.exit {
			t.Errorf("fledge --json %s: exit %d, want %d\n%s", name, code, c.exit, tail(errOut.String()))
		}
		if c.exit == 0 && !c.quiet && strings.TrimSpace(out.String()) == "" {
			t.Errorf("fledge --json %s: nothing on stdout", name)
		}
		checkTypedLines(t, "fledge --json "+name+": stdout", out.String())
		checkTypedLines(t, "fledge --json "+name+": stderr", errOut.String())
		t.Logf("fledge --json %s: %v", name, time.Since(start).Round(time.Millisecond))
	}
	for _, c := range allCommands(root) {
		name := commandName(c)
		_, exempt := jsonExempt[name]
		switch {
		case exempt && ran[name]:
			t.Errorf("fledge %s is both run and exempt: drop it from jsonExempt", name)
		case !exempt && !ran[name]:
			t.Errorf("fledge %s is not run with --json: add a case to jsonLineCases (or, if its output cannot be JSON lines, a reason to jsonExempt)", name)
		}
		delete(jsonExempt, name)
	}
	for name := range jsonExempt {
		t.Errorf("jsonExempt lists %q, which is no command", name)
	}
}

// allCommands is every runnable command under root, hidden ones included.
func allCommands(root *cobra.Command) []*cobra.Command {
	var all []*cobra.Command
	for _, c := range root.Commands() {
		if c.Runnable() {
			all = append(all, c)
		}
		all = append(all, allCommands(c)...)
	}
	return all
}

// commandName is a command's path without "fledge ": "archive tweets".
func commandName(c *cobra.Command) string {
	_, name, _ := strings.Cut(c.CommandPath(), " ")
	return name
}

// checkTypedLines fails t unless every line of s is a JSON object with a
// non-empty string "type" as its first field.
func checkTypedLines(t *testing.T, what, s string) {
	t.Helper()
	for l := range strings.Lines(s) {
		var obj map[string]any
		var typ string
		if err := json.Unmarshal([]byte(l), &obj); err == nil {
			typ, _ = obj["type"].(string)
		}
		if typ == "" || !strings.HasPrefix(l, `{"type":"`) {
			t.Errorf("%s: line %q is not a JSON object with its type first", what, strings.TrimSpace(l))
		}
	}
}
