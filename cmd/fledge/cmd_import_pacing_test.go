package main

import (
	"context"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// The dry run's estimate follows the software the server is: on
// GoToSocial every post and upload spends its one request limit (300 per
// 5 min, 270 of them used), on Mastodon the 300 posts per 3 h bind.
func TestImportDryRunPacedBySoftware(t *testing.T) {
	path := benchArchive(t, 1500)
	gts := mastotest.New(mastotest.Options{Software: mastotest.GoToSocial, Domain: "gts.example"})
	defer gts.Close()
	g := benchRunImport(t, gts, path, nil, true)
	masto := mastotest.New(mastotest.Options{Domain: "masto.example"})
	defer masto.Close()
	m := benchRunImport(t, masto, path, nil, true)

	requests := g.posts + g.media
	if requests <= 270 {
		t.Fatalf("the archive gives only %d requests; the test needs more than a window's", requests)
	}
	// The budget goes at once in each window: the last request starts
	// after (windows-1) whole windows, less what the dry run itself spent
	// (a few requests), so allow one window either way.
	windows := time.Duration((requests + 269) / 270)
	if g.bound != "requests" || g.estimate < (windows-2)*5*time.Minute || g.estimate > windows*5*time.Minute {
		t.Errorf("GoToSocial: %d requests estimated at %v paced by %q, want about %v by requests", requests, g.estimate, g.bound, (windows-1)*5*time.Minute)
	}
	// Mastodon's windows are fixed 3-hour ones: the current one's budget
	// may be spent in what is left of it (minutes, late in a window), so
	// allow a window's worth of posts either way.
	low, high := time.Duration(m.posts-2*270)*3*time.Hour/270, time.Duration(m.posts+270)*3*time.Hour/270
	if m.bound != "statuses" || m.estimate < low || m.estimate > high {
		t.Errorf("Mastodon: %d posts estimated at %v paced by %q, want %v to %v by statuses", m.posts, m.estimate, m.bound, low, high)
	}
}

// Undo is paced by the server's own limits: GoToSocial has no 30 per
// 30 min delete limit, so deleting more than 30 imported posts goes at
// the speed of its request limit (here, with none of it spent, at once).
// Paced as Mastodon, the fourth deletion would wait a minute and the
// deadline would end the run.
func TestUndoGoToSocialNotPacedAsMastodon(t *testing.T) {
	path := benchArchive(t, 60)
	srv := mastotest.New(mastotest.Options{Software: mastotest.GoToSocial, Domain: "gts.example"})
	defer srv.Close()
	tok := srv.AddAccount("alice", mastotest.AccountOptions{}).Token
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, errOut, err := runFledgeOn(ctx, srv, tok, dir, nil, "import", path, "--yes", "--job", "imp"); err != nil {
		t.Fatalf("import: %v\n%s", err, tail(errOut))
	}
	posted := len(srv.Statuses("alice"))
	if posted <= 30 {
		t.Fatalf("only %d posts imported; the test needs more than Mastodon's 30 deletions", posted)
	}
	out, errOut, err := runFledgeOn(ctx, srv, tok, dir, nil, "undo", "imp", "--yes")
	if err != nil {
		for _, r := range srv.Requests() {
			t.Logf("%s %s %s %d", r.Time.Format("05.000"), r.Method, r.Path, r.Status)
		}
		t.Fatalf("undo: %v\n%s", err, tail(errOut))
	}
	if n := len(srv.Statuses("alice")); n != 0 {
		t.Errorf("%d of %d posts left after undo:\n%s", n, posted, tail(out))
	}
	for _, r := range srv.Requests() {
		if r.Status == 429 {
			t.Errorf("a 429 for %s %s", r.Method, r.Path)
		}
	}
}
