package main

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

func faultServer(t testing.TB, n int) (*mastotest.Server, *mastotest.Account) {
	srv := mastotest.New(mastotest.Options{Domain: "home.example", Seed: 11, Limits: mastotest.Limits{
		API: mastotest.Limit{N: -1}, User: mastotest.Limit{N: -1}, Paging: mastotest.Limit{N: -1}, Follows: mastotest.Limit{N: -1},
	}})
	t.Cleanup(srv.Close)
	alice := srv.AddAccount("alice", mastotest.AccountOptions{})
	for _, tg := range killTargets(n) {
		srv.AddRemoteAccount(tg.Handle, mastotest.RemoteOptions{Known: true})
	}
	return srv, alice
}

// TestFollowFaults: with 5% 5xx, dropped connections (some after the
// follow took effect) and 429 storms, one run completes the job, waiting
// and retrying as the server says, and every target is followed exactly
// once. A follow whose answer was lost is simply sent again: following
// twice is the same as once.
func TestFollowFaults(t *testing.T) {
	const n = 80
	srv, alice := faultServer(t, n)
	srv.InjectFaults(mastotest.Faults{Seed: 3, ErrorRate: 0.05, DropRate: 0.03, DropAfter: true, Storm429: 0.02})
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sum, err := runFollowJob(ctx, srv.URL(), alice.Token, dir, n)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed() != 0 || sum.Left != 0 {
		t.Fatalf("one run under faults left work: %+v", sum)
	}
	var faults int
	for _, r := range srv.Requests() {
		if r.Fault != "" {
			faults++
		}
	}
	if faults == 0 {
		t.Fatal("no fault was injected; the test proves nothing")
	}
	t.Logf("%d faults met, %+v", faults, sum.Counts)
	srv.InjectFaults(mastotest.Faults{})
	if got := srv.Follows("alice"); len(got) != n {
		t.Errorf("server has %d follows, want %d", len(got), n)
	}
	st, err := journal.Read(filepath.Join(dir, "follow-kill.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if c := st.Counts(); c.Done != n {
		t.Errorf("journal counts %+v, want %d done", c, n)
	}
}

// TestFollowRevokedToken: a token revoked mid-run stops the run with an
// auth error (exit 4 in the CLI) and leaves a readable journal that a
// later run, after a new login (OAuth against the fake), resumes without
// sending any follow twice.
func TestFollowRevokedToken(t *testing.T) {
	const n = 40
	srv, alice := faultServer(t, n)
	dir := t.TempDir()
	// The token is revoked just before the server sees follow n/2+1, in
	// the request path itself, so the moment does not depend on how the
	// machine schedules a watching goroutine.
	var follows atomic.Int32
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/follow") && follows.Add(1) == n/2+1 {
			srv.RevokeToken(alice.Token)
		}
		srv.ServeHTTP(w, r)
	}))
	defer front.Close()
	_, err := runFollowJob(context.Background(), front.URL, alice.Token, dir, n)
	if !errors.Is(err, mastodon.ErrAuth) {
		t.Fatalf("err = %v, want one matching mastodon.ErrAuth", err)
	}
	if code := exitCodeFor(explainAuth(err, accountRef{Stored: true, Key: "alice@home.example", Server: srv.URL()}), false); code != exitAuth {
		t.Errorf("exit code %d, want %d", code, exitAuth)
	}
	st, err := journal.Read(filepath.Join(dir, "follow-kill.jsonl"))
	if err != nil {
		t.Fatalf("journal after the refused token: %v", err)
	}
	if c := st.Counts(); c.Done != n/2 || c.Failed() != 0 {
		t.Errorf("journal counts %+v: want %d done, none failed", c, n/2)
	}

	// Log in again, through the same OAuth calls as `fledge login`, and
	// resume: the journal carries on where the refused token stopped and
	// no account gets a second follow request.
	ctx := context.Background()
	anon, err := mastodon.New(srv.URL(), "", mastodon.Options{})
	if err != nil {
		t.Fatal(err)
	}
	scopes := []string{"read", "write", "follow"}
	app, err := anon.RegisterApp(ctx, mastodon.AppRegistration{Name: "fledge", Scopes: scopes})
	if err != nil {
		t.Fatal(err)
	}
	code, err := srv.Authorize(app.ClientID, "alice")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := anon.ExchangeCode(ctx, app, code, scopes, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runFollowJob(ctx, srv.URL(), tok.AccessToken, dir, n); err != nil {
		t.Fatalf("resume after a new login: %v", err)
	}
	if got := len(srv.Follows("alice")); got != n {
		t.Fatalf("%d accounts followed after the resume, want %d", got, n)
	}
	sent := map[string]int{}
	for _, r := range srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/follow") && r.Status == 200 {
			sent[r.Path]++
		}
	}
	for path, times := range sent {
		if times != 1 {
			t.Errorf("%s was sent %d times", path, times)
		}
	}
	if st, err := journal.Read(filepath.Join(dir, "follow-kill.jsonl")); err != nil || st.Counts().Done != n {
		t.Fatalf("journal after the resume: %v, %+v; want %d done", err, st.Counts(), n)
	}
}

// BenchmarkFollowPacing follows 120 accounts against a server allowing 40
// follows per 2 s and reports the achieved rate as a share of the allowed
// rate and the 429s per window.
func BenchmarkFollowPacing(b *testing.B) {
	const n, perWindow, window = 120, 40, 2 * time.Second
	for b.Loop() {
		srv := mastotest.New(mastotest.Options{Domain: "home.example", Limits: mastotest.Limits{
			API: mastotest.Limit{N: -1}, User: mastotest.Limit{N: -1}, Paging: mastotest.Limit{N: -1},
			Follows: mastotest.Limit{N: perWindow, Per: window},
		}})
		alice := srv.AddAccount("alice", mastotest.AccountOptions{})
		for _, tg := range killTargets(n) {
			srv.AddRemoteAccount(tg.Handle, mastotest.RemoteOptions{Known: true})
		}
		c, err := mastodon.New(srv.URL(), alice.Token, mastodon.Options{Headroom: -1, Limits: map[mastodon.Bucket]mastodon.Limit{
			mastodon.BucketFollows: {Count: perWindow, Period: window},
			mastodon.BucketAPI:     {Count: 100000, Period: time.Minute},
		}})
		if err != nil {
			b.Fatal(err)
		}
		j, err := journal.Open(b.TempDir(), "bench", journal.Options{Kind: "follow"})
		if err != nil {
			b.Fatal(err)
		}
		// The server's windows are aligned to the epoch: start on a
		// boundary so the first window is a whole one.
		time.Sleep(time.Until(time.Now().Truncate(window).Add(window)))
		start := time.Now()
		sum, _, err := importerFollow(c, j, n)
		elapsed := time.Since(start)
		j.Close()
		if err != nil || sum.Counts["followed"] != n {
			b.Fatalf("follow: %v %+v", err, sum)
		}
		var n429 int
		for _, r := range srv.Requests() {
			if r.Status == 429 {
				n429++
			}
		}
		srv.Close()
		// The server grants perWindow follows per whole window; the rate
		// achieved is the share of the windows' budget the run used.
		windows := math.Ceil(elapsed.Seconds() / window.Seconds())
		b.ReportMetric(100*float64(n)/(windows*perWindow), "%allowed-rate")
		b.ReportMetric(float64(n429)/windows, "429s/window")
	}
}

func importerFollow(c *mastodon.Client, j *journal.Journal, n int) (follow.Summary, follow.Plan, error) {
	return follow.Follow(context.Background(), adapter.NewFollower(c), follow.Config{
		Targets: killTargets(n), Journal: adapter.NewFollowJournal(j), Wait: true,
	})
}
