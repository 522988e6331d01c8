package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

var longKill = flag.Bool("long", false, "run the long SIGKILL test (500 follows, 20 kills)")

// Environment of the helper process that TestFollowKill re-executes.
const (
	envHelperURL   = "FLEDGE_TEST_FOLLOW_URL"
	envHelperToken = "FLEDGE_TEST_FOLLOW_TOKEN"
	envHelperDir   = "FLEDGE_TEST_FOLLOW_DIR"
	envHelperN     = "FLEDGE_TEST_FOLLOW_N"
)

func killTargets(n int) []follow.Target {
	ts := make([]follow.Target, n)
	for i := range ts {
		ts[i] = follow.Target{Handle: fmt.Sprintf("u%03d@remote.example", i)}
	}
	return ts
}

// scaledLimits lets a test follow hundreds of accounts in seconds.
var scaledLimits = map[mastodon.Bucket]mastodon.Limit{
	mastodon.BucketAPI:     {Count: 100000, Period: time.Minute},
	mastodon.BucketFollows: {Count: 100000, Period: time.Minute},
	mastodon.BucketPaging:  {Count: 100000, Period: time.Minute},
}

// runFollowJob is one run of the job, as `fledge follow` runs it.
func runFollowJob(ctx context.Context, url, token, dir string, n int) (follow.Summary, error) {
	c, err := mastodon.New(url, token, mastodon.Options{Limits: scaledLimits, Headroom: -1})
	if err != nil {
		return follow.Summary{}, err
	}
	j, err := journal.Open(dir, "follow-kill", journal.Options{Kind: "follow", Planned: n})
	if err != nil {
		return follow.Summary{}, err
	}
	defer j.Close()
	sum, _, err := follow.Follow(ctx, adapter.NewFollower(c), follow.Config{
		Targets: killTargets(n), Journal: adapter.NewFollowJournal(j), Wait: true,
	})
	return sum, err
}

// TestFollowKillHelper is the child process of TestFollowKill.
func TestFollowKillHelper(t *testing.T) {
	url := os.Getenv(envHelperURL)
	if url == "" {
		t.Skip("helper process only")
	}
	var n int
	fmt.Sscan(os.Getenv(envHelperN), &n)
	if _, err := runFollowJob(context.Background(), url, os.Getenv(envHelperToken), os.Getenv(envHelperDir), n); err != nil {
		t.Fatal(err)
	}
}

// TestFollowKill kills a follow run with SIGKILL at seeded random moments
// and resumes it each time: in the end every target is followed exactly
// once on the server and the journal agrees.
func TestFollowKill(t *testing.T) {
	n, kills := 60, 5
	if *longKill {
		n, kills = 500, 20
	}
	srv := mastotest.New(mastotest.Options{Domain: "home.example", Seed: 7, Limits: mastotest.Limits{
		API: mastotest.Limit{N: -1}, User: mastotest.Limit{N: -1}, Paging: mastotest.Limit{N: -1}, Follows: mastotest.Limit{N: -1},
	}})
	defer srv.Close()
	alice := srv.AddAccount("alice", mastotest.AccountOptions{})
	for _, tg := range killTargets(n) {
		srv.AddRemoteAccount(tg.Handle, mastotest.RemoteOptions{Known: tg.Handle[3]%2 == 0})
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(10, uint64(n)))
	for k := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFollowKillHelper$")
		cmd.Env = append(os.Environ(), envHelperURL+"="+srv.URL(), envHelperToken+"="+alice.Token,
			envHelperDir+"="+dir, fmt.Sprintf("%s=%d", envHelperN, n))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		before := len(srv.Follows("alice"))
		// Kill once the run is under way, at a random point of it.
		deadline := time.Now().Add(10 * time.Second)
		want := before + 1 + rng.IntN(max(1, n/kills))
		for len(srv.Follows("alice")) < min(want, n) && time.Now().Before(deadline) {
			time.Sleep(time.Duration(rng.IntN(3)) * time.Millisecond)
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Logf("kill %d: %d follows on the server", k+1, len(srv.Follows("alice")))
	}
	sum, err := runFollowJob(context.Background(), srv.URL(), alice.Token, dir, n)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Left != 0 || sum.Failed() != 0 {
		t.Fatalf("final run: %+v", sum)
	}
	got := srv.Follows("alice")
	seen := map[string]int{}
	for _, a := range got {
		seen[strings.ToLower(a)]++
	}
	for _, tg := range killTargets(n) {
		if seen[tg.Handle] != 1 {
			t.Errorf("%s followed %d times", tg.Handle, seen[tg.Handle])
		}
	}
	if len(got) != n {
		t.Errorf("server has %d follows, want %d", len(got), n)
	}
	st, err := journal.Read(filepath.Join(dir, "follow-kill.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	c := st.Counts()
	if c.Done != n || c.Pending != 0 || c.Failed() != 0 {
		t.Errorf("journal counts %+v, want all %d done", c, n)
	}
	for _, tg := range killTargets(n) {
		data, ok := st.Result(journal.Key("follow:@" + tg.Handle))
		if !ok || !(strings.Contains(string(data), `"followed"`) || strings.Contains(string(data), `"already"`)) {
			t.Errorf("journal for %s: %s", tg.Handle, data)
		}
	}
}
