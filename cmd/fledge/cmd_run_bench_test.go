package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/archivetest"
	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// BenchmarkRunBatchImport is issue 7's figure: a batch of 50 accounts,
// each importing the same 200-tweet archive, against one fake server whose
// status window is scaled down from 300 per 3 h to batchPerWindow per
// batchWindow (the client is told the same). It checks that every planned
// post reached the server exactly once, and reports the batch's wall time
// against one account's own paced time (the same import alone): a ratio
// near 1 means the accounts really ran in parallel, each paced by its own
// budget.
func BenchmarkRunBatchImport(b *testing.B) {
	const accounts, tweets = 50, 200
	dir := b.TempDir()
	archive := filepath.Join(dir, "archive.zip")
	if _, err := archivetest.Write(archive, archivetest.Options{Era: archivetest.EraGDPR, Tweets: tweets, Zip: true, Seed: 7}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		solo, _ := runImportBatch(b, archive, 1)
		batch, posts := runImportBatch(b, archive, accounts)
		b.ReportMetric(float64(posts), "posts")
		b.ReportMetric(solo.Seconds(), "solo-s")
		b.ReportMetric(batch.Seconds(), "batch-s")
		b.ReportMetric(batch.Seconds()/solo.Seconds(), "batch/solo")
	}
}

const (
	batchPerWindow = 100
	batchWindow    = 2 * time.Second
)

// runImportBatch imports the archive into n fresh accounts with fledge run
// and returns the wall time and the number of posts, after checking every
// post went out once.
func runImportBatch(b *testing.B, archive string, n int) (time.Duration, int) {
	b.Helper()
	unlimited := mastotest.Limit{N: -1}
	srv := mastotest.New(mastotest.Options{Domain: "batch.example.com", MediaPolls: -1, Limits: mastotest.Limits{
		API: unlimited, User: unlimited, Unauthenticated: unlimited, Paging: unlimited, Media: unlimited,
		Statuses: mastotest.Limit{N: batchPerWindow, Per: batchWindow},
	}})
	defer srv.Close()
	dir := b.TempDir()
	env := map[string]string{
		"FLEDGE_CONFIG_DIR": filepath.Join(dir, "config"),
		"FLEDGE_STATE_DIR":  filepath.Join(dir, "state"),
		"FLEDGE_CACHE_DIR":  filepath.Join(dir, "cache"),
		"HOME":              dir,
	}
	var y strings.Builder
	fmt.Fprintf(&y, "version: 1\ndefaults:\n  server: %s\n  steps: [import]\n  import: {yes: true}\naccounts:\n", srv.URL())
	for i := range n {
		name := fmt.Sprintf("user%02d", i)
		env["TOKEN_"+name] = srv.AddAccount(name, mastotest.AccountOptions{}).Token
		fmt.Fprintf(&y, "  - {name: %s, archive: %s, token_env: TOKEN_%s}\n", name, archive, name)
	}
	path := filepath.Join(dir, "migration.yaml")
	if err := writeFile(path, y.String()); err != nil {
		b.Fatal(err)
	}
	io, _, out, errOut := iostreams.Test()
	f := &factory{IO: io, Globals: &globalOptions{JSON: true}, Now: time.Now, Getenv: func(k string) string { return env[k] },
		tuneClient: func(o *mastodon.Options) {
			o.Headroom = -1
			o.Limits = map[mastodon.Bucket]mastodon.Limit{
				mastodon.BucketStatuses: {Count: batchPerWindow, Period: batchWindow},
				mastodon.BucketAPI:      {Count: 1 << 20, Period: time.Minute},
				mastodon.BucketMedia:    {Count: 1 << 20, Period: time.Minute},
				mastodon.BucketPaging:   {Count: 1 << 20, Period: time.Minute},
			}
		}}
	// The server's windows are aligned to the epoch: start on a boundary
	// so every account meets whole windows.
	time.Sleep(time.Until(time.Now().Truncate(batchWindow).Add(batchWindow)))
	start := time.Now()
	err := runRun(context.Background(), f, &runOptions{File: path})
	elapsed := time.Since(start)
	if err != nil {
		b.Fatalf("run: %v\n%s", err, tail(errOut.String()))
	}
	posted := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var ev struct {
			Type, Account string
			Result        struct {
				Type   string
				Posted int
				Done   int
			}
		}
		if json.Unmarshal([]byte(line), &ev) == nil && ev.Type == "result" && ev.Result.Type == "summary" {
			posted[ev.Account] = ev.Result.Posted
		}
	}
	total := 0
	for i := range n {
		name := fmt.Sprintf("user%02d", i)
		sts := srv.Statuses(name)
		total += len(sts)
		seen := map[string]bool{}
		for _, s := range sts {
			if seen[s.Text] {
				b.Fatalf("%s: a post went out twice: %.60q", name, s.Text)
			}
			seen[s.Text] = true
		}
		if len(sts) == 0 || len(sts) != posted[name] {
			b.Fatalf("%s: %d statuses on the server, the import reported %d posted", name, len(sts), posted[name])
		}
	}
	return elapsed, total
}

func writeFile(path, s string) error {
	return os.WriteFile(path, []byte(s), 0o600)
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}
