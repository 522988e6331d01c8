package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// TestNoCommandPrintsTheToken runs every command of the tree, with -vv
// and then with --json -vv, acting with a known token against the fake
// server, and checks the token appears in neither stdout nor stderr,
// whether the command succeeds or fails. A command added to the tree
// without an entry here fails the test, so none goes unchecked.
func TestNoCommandPrintsTheToken(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command")
	}
	// Every command twice is more API calls than Mastodon's 300 per 5
	// minutes; the pacer would wait, so the server here has no limits.
	unlimited := mastotest.Limit{N: -1}
	srv, env, profiles := migrateTestEnvWith(t, mastotest.Options{Limits: mastotest.Limits{
		API: unlimited, User: unlimited, Unauthenticated: unlimited, Paging: unlimited,
		Follows: unlimited, Statuses: unlimited, Media: unlimited, Deletes: unlimited,
	}})
	token := env["FLEDGE_TOKEN"]
	dir := t.TempDir()
	sample := sampleArchive(t)
	matches := filepath.Join(dir, "matches.jsonl")
	handles := filepath.Join(dir, "handles.txt")
	writeTestFile(t, handles, "bobby_bird\ndave_bird\n")
	batch := filepath.Join(dir, "migration.yaml")
	writeTestFile(t, batch, `version: 1
accounts:
  - name: alice
    archive: `+sample+`
    server: `+srv.URL()+`
    token_env: FLEDGE_TOKEN
    steps: [match, follow]
    match: {profiles: [`+profiles+`], offline: true}
`)
	job := "import-quinemo_fenren"

	// In order: the later ones use what the earlier ones made.
	runs := [][]string{
		{"version"},
		{"completion", "bash"},
		{"completion", "zsh"},
		{"completion", "fish"},
		{"completion", "powershell"},
		{"man"},
		{"help", "environment"},
		{"archive", "inspect", sample},
		{"archive", "tweets", sample},
		{"archive", "accounts", sample},
		{"whoami"},
		{"accounts"},
		{"match", "--offline", "--profiles", profiles, "--format", "jsonl", "-o", matches, sample},
		{"export", "following", "--from", matches, "-o", filepath.Join(dir, "following.csv")},
		{"follow", "--no-wait", matches},
		{"block", "--yes", "--offline", "--profiles", profiles, sample},
		{"mute", "--yes", "--offline", "--profiles", profiles, sample},
		{"profile", "--dry-run", sample},
		{"import", "--dry-run", sample},
		{"import", "--yes", "--max", "3", "--no-wait", sample},
		{"status"},
		{"undo", "--yes", "--max", "1", "--no-wait", job},
		{"directory", "--offline", "--handles", handles, "--profiles", profiles, "-o", filepath.Join(dir, "directory")},
		{"migrate", "--dry-run", "--yes", "--offline", "--profiles", profiles, sample},
		{"run", "--check", batch},
		{"run", "--no-wait", batch},
		{"login", "--token-stdin", "--server", srv.URL()},
		{"logout", "alice@masto.example.com"},
	}
	covered := map[string]bool{}
	for _, mode := range [][]string{{"-vv"}, {"--json", "-vv"}} {
		for _, args := range runs {
			start := time.Now()
			full := append(slices.Clone(args), mode...)
			ios, in, out, errOut := iostreams.Test()
			ios.DisableProgress()
			if args[0] == "login" {
				in.WriteString(token + "\n")
			}
			f := migrateFactory(env, ios)
			cmd, err := execute(context.Background(), f, full...)
			code := exitCodeFor(err, false)
			if err != nil {
				printError(ios.ErrOut, err, code, f.Globals.JSON, "fledge")
			}
			if cmd != nil {
				covered[cmd.CommandPath()] = true
			}
			for name, s := range map[string]string{"stdout": out.String(), "stderr": errOut.String()} {
				if strings.Contains(s, token) {
					t.Errorf("fledge %s: the token is in %s:\n%s", strings.Join(full, " "), name, s)
				}
			}
			if args[0] == "whoami" && !strings.Contains(errOut.String(), "token=[REDACTED]") {
				t.Errorf("fledge %s: no redacted request log on stderr; is -vv on?\n%s", strings.Join(full, " "), errOut)
			}
			if args[0] == "logout" && code != 0 {
				t.Errorf("fledge %s: exit %d:\n%s", strings.Join(full, " "), code, errOut)
			}
			t.Logf("fledge %s: exit %d in %s", strings.Join(full, " "), code, time.Since(start).Round(time.Millisecond))
		}
	}
	// The runs must have reached the server with the token (else the
	// test proves nothing), and every command must have been run.
	if len(srv.Follows("alice")) == 0 || len(srv.Statuses("alice")) == 0 {
		t.Errorf("the commands did not act on the server: %d follows, %d statuses", len(srv.Follows("alice")), len(srv.Statuses("alice")))
	}
	var missing []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.HasSubCommands() && c.Runnable() && !covered[c.CommandPath()] {
			missing = append(missing, c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(migrateFactory(env, nil)))
	if len(missing) > 0 {
		t.Errorf("commands not checked for token leaks (add them to runs): %s", strings.Join(missing, ", "))
	}
}
