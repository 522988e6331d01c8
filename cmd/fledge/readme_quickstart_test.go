package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

// quickStart returns README's quick start section and the fledge command
// lines of its first sh block, as arguments ("go run ./cmd/fledge" cut).
func quickStart(t *testing.T, readme string) (section string, cmds [][]string) {
	t.Helper()
	_, section, ok := strings.Cut(readme, "\n## Quick start\n")
	if !ok {
		t.Fatal("README has no \"## Quick start\" section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, block, ok := strings.Cut(section, "```sh\n")
	if !ok {
		t.Fatal("README's quick start has no ```sh block")
	}
	block, _, _ = strings.Cut(block, "```")
	block = strings.ReplaceAll(block, "\\\n", " ")
	sawTest := false
	for line := range strings.Lines(block) {
		line = strings.TrimSpace(line)
		sawTest = sawTest || strings.HasPrefix(line, "go test ")
		rest, ok := strings.CutPrefix(line, "go run ./cmd/fledge ")
		if !ok {
			continue
		}
		if strings.ContainsAny(rest, `'"$*?;&|<>`) {
			t.Fatalf("README quick start: %q: keep the command free of shell syntax, so this test reads it as the shell does", line)
		}
		cmds = append(cmds, strings.Fields(rest))
	}
	if len(cmds) == 0 || !sawTest {
		t.Fatalf("README quick start block needs a `go run ./cmd/fledge …` line and a `go test` line:\n%s", block)
	}
	return section, cmds
}

// TestREADMEQuickStart runs the quick start's fledge command(s) as README
// gives them, from the repository's root, in a private home: each must
// exit 0; the journey must match some accounts (as many as README says),
// print only warnings README explains, never the capture's fake session,
// and end with the next step to try.
func TestREADMEQuickStart(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	section, cmds := quickStart(t, string(readme))
	// Each warning the sample prints, and the words README explains it with.
	explained := []struct{ warning, readme string }{
		{"duplicate tweet ids dropped", "duplicate tweet ids were dropped"},
		{"not logged in", "not logged in, it uses Mastodon's defaults"},
	}
	for _, e := range explained {
		if !strings.Contains(strings.Join(strings.Fields(section), " "), e.readme) {
			t.Errorf("README quick start no longer explains the warning %q (expected the words %q)", e.warning, e.readme)
		}
	}
	home := t.TempDir()
	env := map[string]string{"HOME": home, "FLEDGE_CONFIG_DIR": filepath.Join(home, "config"),
		"FLEDGE_STATE_DIR": filepath.Join(home, "state"), "FLEDGE_CACHE_DIR": filepath.Join(home, "cache")}
	t.Chdir(filepath.Join("..", ".."))
	journeys := 0
	for _, args := range cmds {
		name := "fledge " + strings.Join(args, " ")
		ios, _, out, errOut := iostreams.Test()
		ios.DisableProgress()
		if _, err := execute(context.Background(), migrateFactory(env, ios), args...); err != nil {
			t.Fatalf("%s: exit %d: %v\nstderr:\n%s", name, exitCodeFor(err, false), err, errOut)
		}
		stderr := errOut.String()
		if bytes.Contains(append(out.Bytes(), stderr...), []byte("NOT-A-SECRET")) {
			t.Errorf("%s: the capture's (fake) session is in the output", name)
		}
		for line := range strings.Lines(stderr) {
			if !strings.HasPrefix(line, "warning: ") {
				continue
			}
			if !containsAny(line, explained) {
				t.Errorf("%s: a warning README's quick start does not explain: %s", name, line)
			}
		}
		if args[0] != "migrate" {
			continue
		}
		journeys++
		checkQuickStartJourney(t, name, section, stderr)
	}
	if journeys == 0 {
		t.Error("README quick start runs no `fledge migrate`: it should show the main job, the migration")
	}
}

func containsAny(line string, explained []struct{ warning, readme string }) bool {
	for _, e := range explained {
		if strings.Contains(line, e.warning) {
			return true
		}
	}
	return false
}

// checkQuickStartJourney checks the migration's stderr: accounts matched,
// as many as README says, and the next step last.
func checkQuickStartJourney(t *testing.T, name, section, stderr string) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^(\d+) accounts scanned: (\d+) matched`).FindStringSubmatch(stderr)
	if m == nil || m[2] == "0" {
		t.Errorf("%s: no accounts matched; the quick start should show matching at work\nstderr:\n%s", name, stderr)
	} else if said := regexp.MustCompile(`(\d+) of the (\d+)\s+name a fediverse handle`).FindStringSubmatch(section); said == nil ||
		said[1] != m[2] || said[2] != m[1] {
		t.Errorf("%s: %s of %s accounts matched; README's quick start says %q", name, m[2], m[1], said)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "next, to do it for real") || !strings.Contains(last, "fledge migrate ") {
		t.Errorf("%s: the last stderr line is not the next step to try: %q", name, last)
	}
}
