package importer

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/archivetest"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// fixture is a generated archive planned for a mastotest server.
type fixture struct {
	srv    *mastotest.Server
	client *mastodon.Client
	arch   *archive.Archive
	plan   *Plan
	path   string // the archive
	dir    string // state directory for journals
	cfg    ExecConfig
}

func newFixture(t testing.TB, tweets int, opts mastotest.Options, copts mastodon.Options, set func(*PlanConfig)) *fixture {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "archive")
	if _, err := archivetest.Write(path, archivetest.Options{Era: archivetest.EraGDPR, Tweets: tweets, Seed: 3, MissingMedia: 1}); err != nil {
		t.Fatal(err)
	}
	s, c := testServer(t, opts, copts)
	a, p, cfg := planArchive(t, path, c, "me@"+s.Domain(), set)
	return &fixture{srv: s, client: c, arch: a, plan: p, path: path, dir: filepath.Join(dir, "state"), cfg: cfg}
}

// planArchive plans the archive at path for the client's server, as the
// CLI does; the crash tests' helper process calls it too, so parent and
// child plan identically.
func planArchive(t testing.TB, path string, c *mastodon.Client, account string, set func(*PlanConfig)) (*archive.Archive, *Plan, ExecConfig) {
	t.Helper()
	a, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	traits, count := traitsOf(t, c)
	acct, _ := a.Account()
	pc := PlanConfig{Account: account, Username: acct.Username, Server: traits, Count: count}
	pc.Options.Backdate = traits.CanBackdate
	if !pc.Options.Backdate {
		pc.Options.Footer = DefaultFooter
	}
	pc.Size = func(f string) (int64, error) {
		rc, n, err := a.OpenFile(f)
		if err != nil {
			return 0, err
		}
		rc.Close()
		return n, nil
	}
	if set != nil {
		set(&pc)
	}
	p, err := BuildPlan(context.Background(), a.Tweets(archive.TweetOptions{Sorted: true}), pc)
	if err != nil {
		t.Fatal(err)
	}
	open := func(f string) (io.ReadCloser, error) {
		rc, _, err := a.OpenFile(f)
		return rc, err
	}
	return a, p, ExecConfig{Account: account, Open: open, CanBackdate: traits.CanBackdate, Limits: testLimits()}
}

func (f *fixture) run(t testing.TB, cfg ExecConfig) ExecReport {
	t.Helper()
	j, err := journal.Open(f.dir, "import-test", journal.Options{Kind: "import", Plan: f.plan.Fingerprint, Planned: len(f.plan.Posts)})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	rep, err := Execute(context.Background(), f.plan, f.poster(), j, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func (f *fixture) poster() poster {
	return newPoster(f.client)
}

// check asserts that every planned post exists exactly once on the
// server, with its text, in its thread, in plan order.
func (f *fixture) check(t testing.TB) {
	t.Helper()
	st, err := journal.Read(filepath.Join(f.dir, "import-test.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]mastotest.Status{}
	for _, s := range f.srv.Statuses("me") {
		byID[s.ID] = s
	}
	ids := map[string]string{}
	var prev time.Time
	for _, pp := range f.plan.Posts {
		r, ok := journalResult(t, st, pp.Key)
		if !ok {
			continue
		}
		s, ok := byID[r.ID]
		if !ok {
			t.Errorf("post %s: status %s not on the server", pp.Key, r.ID)
			continue
		}
		ids[pp.Key] = r.ID
		if pp.ReplyTo != "" && s.InReplyToID != ids[pp.ReplyTo] {
			t.Errorf("post %s replies to %q, want %q (%s)", pp.Key, s.InReplyToID, ids[pp.ReplyTo], pp.ReplyTo)
		}
		if pp.QuoteOf == "" && s.Text != pp.Text {
			t.Errorf("post %s text %q, want %q", pp.Key, s.Text, pp.Text)
		}
		if s.CreatedAt.Before(prev) {
			t.Errorf("post %s created before the post planned ahead of it", pp.Key)
		}
		prev = s.CreatedAt
		if !pp.ScheduledAt.IsZero() && (!s.Backdated || s.CreatedAt.Unix() != pp.ScheduledAt.Unix()) {
			t.Errorf("post %s not backdated to %v: %+v", pp.Key, pp.ScheduledAt, s)
		}
	}
	if n := len(f.srv.Statuses("me")); n != len(f.plan.Posts) {
		t.Errorf("server has %d statuses for %d planned posts (duplicates or strays)", n, len(f.plan.Posts))
	}
}

func TestExecuteMastodon(t *testing.T) {
	f := newFixture(t, 80, mastotest.Options{}, mastodon.Options{}, nil)
	rep := f.run(t, f.cfg)
	if rep.Left != 0 || len(rep.Failed) != 0 || rep.Posted != len(f.plan.Posts) {
		t.Fatalf("report %+v", rep)
	}
	f.check(t)
	// Idempotency keys are deterministic and sent on every post.
	for _, r := range f.srv.Requests() {
		if r.Method == "POST" && r.Path == "/api/v1/statuses" && !strings.HasPrefix(r.IdempotencyKey, "fledge-") {
			t.Errorf("post without idempotency key: %+v", r)
		}
	}
	// A second run finds everything done and posts nothing.
	if rep := f.run(t, f.cfg); rep.Posted != 0 || rep.Done != len(f.plan.Posts) {
		t.Errorf("second run: %+v", rep)
	}
	f.check(t)
}

func TestExecuteMaxAndResume(t *testing.T) {
	f := newFixture(t, 40, mastotest.Options{}, mastodon.Options{}, nil)
	cfg := f.cfg
	cfg.Max = 7
	total := 0
	for i := 0; ; i++ {
		rep := f.run(t, cfg)
		total += rep.Posted
		if rep.Posted > 7 {
			t.Fatalf("run posted %d > --max 7", rep.Posted)
		}
		// The report says how long the rest takes, at the limits the
		// fixture passes (the client's defaults), for fledge status.
		if want := bucketTime(rep.Left, testLimits().Statuses, 0.10); rep.Left > 0 && rep.LeftDuration < want {
			t.Errorf("run %d: %d left, left_duration %v, want at least %v", i, rep.Left, rep.LeftDuration, want)
		}
		if rep.Left == 0 {
			if rep.LeftDuration != 0 {
				t.Errorf("nothing left but left_duration %v", rep.LeftDuration)
			}
			break
		}
		if !strings.Contains(rep.Stopped, "--max") || i > 50 {
			t.Fatalf("run %d stopped: %+v", i, rep)
		}
	}
	if total != len(f.plan.Posts) {
		t.Errorf("posted %d over all runs, plan has %d", total, len(f.plan.Posts))
	}
	f.check(t)
}

func TestExecuteGoToSocialBackdates(t *testing.T) {
	f := newFixture(t, 60, mastotest.Options{Software: mastotest.GoToSocial}, mastodon.Options{}, nil)
	if !f.cfg.CanBackdate || f.plan.Posts[0].ScheduledAt.IsZero() {
		t.Fatal("GoToSocial 0.20 not detected as backdating")
	}
	f.run(t, f.cfg)
	f.check(t)
}

func TestExecuteRefusesBackdateWithoutSupport(t *testing.T) {
	f := newFixture(t, 10, mastotest.Options{Software: mastotest.GoToSocial}, mastodon.Options{}, nil)
	j, err := journal.Open(f.dir, "import-test", journal.Options{Kind: "import"})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	cfg := f.cfg
	cfg.CanBackdate = false
	if _, err := Execute(context.Background(), f.plan, f.poster(), j, cfg); err == nil || !strings.Contains(err.Error(), "scheduled_at") {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.srv.Statuses("me")); n != 0 {
		t.Errorf("%d statuses posted", n)
	}
}

// TestExecuteReconcilesLostOutcome simulates a crash between the post
// and its journal record: the status exists, the journal has only the
// intent. The next run must find it instead of posting it again, on
// GoToSocial, which ignores the Idempotency-Key.
func TestExecuteReconcilesLostOutcome(t *testing.T) {
	for _, sw := range []string{mastotest.Mastodon, mastotest.GoToSocial} {
		t.Run(sw, func(t *testing.T) {
			f := newFixture(t, 20, mastotest.Options{Software: sw}, mastodon.Options{}, nil)
			cfg := f.cfg
			cfg.Max = 3
			f.run(t, cfg)
			// Post the fourth planned post behind the journal's back, as a
			// process killed after the POST would have, leaving its intent.
			j, err := journal.Open(f.dir, "import-test", journal.Options{Kind: "import"})
			if err != nil {
				t.Fatal(err)
			}
			e := &executor{plan: f.plan, j: j, cfg: f.cfg, results: map[string]postResult{}, claimed: map[string]bool{}}
			if err := e.loadDone(); err != nil {
				t.Fatal(err)
			}
			pp := &f.plan.Posts[3]
			req := e.request(pp)
			if err := j.Intent(journal.Key(pp.Key), postIntent{Fingerprint: contentFingerprint(req.Text), ReplyToID: req.InReplyToID, Media: len(pp.Media), At: time.Now()}); err != nil {
				t.Fatal(err)
			}
			if len(pp.Media) > 0 {
				t.Skip("fixture's fourth post has media; the simulation posts text only")
			}
			if _, err := (f.poster()).PostStatus(context.Background(), StatusRequest{Text: req.Text, InReplyToID: req.InReplyToID, Visibility: req.Visibility, ScheduledAt: req.ScheduledAt}); err != nil {
				t.Fatal(err)
			}
			j.Close()

			rep := f.run(t, f.cfg)
			if rep.Reconciled != 1 {
				t.Errorf("reconciled %d, want 1: %+v", rep.Reconciled, rep)
			}
			f.check(t)
		})
	}
}

func TestExecuteUnderFaults(t *testing.T) {
	faults := map[string]mastotest.Faults{
		// Answers lost after the server acted: duplicates are the risk.
		"lost answers": {Seed: 5, ErrorRate: 0.08, DropRate: 0.05, DropAfter: true, Storm429: 0.03},
		// Connections dropped before acting, 503s with Retry-After, slow
		// requests.
		"dropped and slow": {Seed: 6, ErrorRate: 0.05, RetryAfter503: time.Millisecond, DropRate: 0.05, SlowRate: 0.1, Slow: 20 * time.Millisecond},
	}
	for _, sw := range []string{mastotest.Mastodon, mastotest.GoToSocial} {
		for name, fl := range faults {
			t.Run(sw+"/"+name, func(t *testing.T) {
				testUnderFaults(t, sw, fl)
			})
		}
	}
}

func testUnderFaults(t *testing.T, sw string, fl mastotest.Faults) {
	// Slow media: two "still processing" polls per video.
	f := newFixture(t, 60, mastotest.Options{Software: sw, Seed: 9, MediaPolls: 2}, mastodon.Options{MaxRetries: 3}, nil)
	f.srv.InjectFaults(fl)
	for i := 0; ; i++ {
		rep := f.run(t, f.cfg)
		if rep.Left == 0 {
			break
		}
		if i > 40 {
			t.Fatalf("no progress after %d runs: %+v", i, rep)
		}
	}
	f.srv.InjectFaults(mastotest.Faults{})
	f.check(t)
}

func TestUndo(t *testing.T) {
	f := newFixture(t, 30, mastotest.Options{}, mastodon.Options{}, nil)
	f.run(t, f.cfg)
	src, err := journal.Read(filepath.Join(f.dir, "import-test.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// One status is already gone: it counts as done, not as a failure.
	first := f.srv.Statuses("me")[0]
	if err := f.client.DeleteStatus(context.Background(), mastodon.ID(first.ID)); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		j, err := journal.Open(f.dir, "undo-import-test", journal.Options{Kind: "undo"})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Undo(context.Background(), f.poster(), src, j, UndoConfig{Max: 10})
		j.Close()
		if err != nil {
			t.Fatal(err)
		}
		if rep.Left == 0 {
			if rep.Done != len(f.plan.Posts) {
				t.Errorf("undo done %d of %d", rep.Done, len(f.plan.Posts))
			}
			break
		}
		if i > 10 {
			t.Fatalf("undo not finishing: %+v", rep)
		}
	}
	if n := len(f.srv.Statuses("me")); n != 0 {
		t.Errorf("%d statuses left after undo", n)
	}
}

// journalResult is the recorded outcome of the post with key, reported as
// an error when the journal has none.
func journalResult(t testing.TB, st *journal.State, key string) (postResult, bool) {
	t.Helper()
	raw, ok := st.Result(journal.Key(key))
	if !ok {
		t.Errorf("post %s not done (%s)", key, st.Status(journal.Key(key)))
		return postResult{}, false
	}
	var r postResult
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	return r, true
}
