package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// TestJSONLinesAreTyped: under --json every line on stdout is one JSON
// object whose first field is "type" (issue 13 §7), for the commands whose
// output goes through the printer: an import's dry run, the import, its
// status and its undo.
func TestJSONLinesAreTyped(t *testing.T) {
	path := benchArchive(t, 12)
	// GoToSocial: no delete limit, so the undo goes at once.
	srv := mastotest.New(mastotest.Options{Software: mastotest.GoToSocial, Domain: "gts.example"})
	defer srv.Close()
	tok := srv.AddAccount("alice", mastotest.AccountOptions{}).Token
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, args := range [][]string{
		{"import", path, "--dry-run", "--job", "imp"},
		{"import", path, "--yes", "--job", "imp"},
		{"import", "--status"},
		{"undo", "imp", "--yes"},
	} {
		out, errOut, err := runFledgeOn(ctx, srv, tok, dir, nil, args...)
		if err != nil {
			t.Fatalf("fledge %s: %v\n%s", strings.Join(args, " "), err, tail(errOut))
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) == 0 || lines[0] == "" {
			t.Errorf("fledge %s --json: nothing on stdout", strings.Join(args, " "))
		}
		for _, l := range lines {
			var obj map[string]any
			if !strings.HasPrefix(l, `{"type":"`) || json.Unmarshal([]byte(l), &obj) != nil {
				t.Errorf("fledge %s --json: line %q is not an object with its type first", strings.Join(args, " "), l)
			}
		}
	}
}
