package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// The progress bar's ETA is the pacer's schedule, the same figure as the
// plan's estimate (issue 13 §4), for import, undo and follow: the bar
// drawn on a (pretend) terminal says "done by HH:MM", and that is when
// the dry run (or the run's own JSON) says the work ends. Without the
// schedule the bar has no ETA at all in a run this short (the rate's
// needs a second of work), or a far different one.

// runOnTerminal runs fledge in-process as runFledgeOn does, but in text
// with stderr a terminal, so bars are drawn into the returned stderr.
func runOnTerminal(ctx context.Context, srv *mastotest.Server, token, dir string, tune func(*mastodon.Options), args ...string) (string, error) {
	ios, _, _, errOut := iostreams.Test()
	ios.SetStderrTTY(true)
	_, err := execute(ctx, serverFactory(ios, srv, token, dir, tune), args...)
	return errOut.String(), err
}

var barDoneBy = regexp.MustCompile(`done by ((?:[A-Z][a-z]{2} )?\d\d:\d\d)`)

// lastBarETA is the "done by" of the last bar drawn on screen.
func lastBarETA(t *testing.T, screen string) string {
	t.Helper()
	all := barDoneBy.FindAllStringSubmatch(screen, -1)
	if len(all) == 0 {
		t.Fatalf("the bar never showed an ETA; the screen:\n%q", tail(screen))
	}
	return all[len(all)-1][1]
}

// checkETA fails unless shown is want as the bar shows a time, within
// slack either way: the bar asks the schedule after its first item,
// the plan before it, and both round to the minute.
func checkETA(t *testing.T, what, shown string, want time.Time, slack time.Duration) {
	t.Helper()
	now := time.Now()
	for d := -slack; d <= slack; d += time.Minute {
		if barClock(now, want.Add(d)) == shown {
			return
		}
	}
	t.Errorf("%s: the bar says done by %s, the plan's estimate is %s (±%v)", what, shown, barClock(now, want), slack)
}

// barClock is how the bar writes a time: "14:05" today, "Tue 14:05"
// later.
func barClock(now, at time.Time) string {
	at = at.In(now.Location())
	if y, m, d := at.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return at.Format("15:04")
	}
	return at.Format("Mon 15:04")
}

// jsonLine is the first JSON line of typ in out.
func jsonLine(t *testing.T, out, typ string) map[string]any {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		var ev map[string]any
		if json.Unmarshal([]byte(line), &ev) == nil && ev["type"] == typ {
			return ev
		}
	}
	t.Fatalf("no %q line in:\n%s", typ, tail(out))
	return nil
}

func TestImportAndUndoBarETAIsThePlans(t *testing.T) {
	path := benchArchive(t, 1000)
	srv := mastotest.New(mastotest.Options{Domain: "masto.example", MediaPolls: -1}) // media ready at once: no polling waits
	defer srv.Close()
	tok := srv.AddAccount("alice", mastotest.AccountOptions{}).Token
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	out, errOut, err := runFledgeOn(ctx, srv, tok, dir, nil, "import", path, "--dry-run")
	if err != nil {
		t.Fatalf("dry run: %v\n%s", err, tail(errOut))
	}
	secs, _ := jsonLine(t, out, "estimate")["duration"].(float64)
	estimate := time.Duration(secs * float64(time.Second))
	if estimate < time.Hour {
		t.Fatalf("the plan takes %v; the test needs hours, which no rate of a short run gives", estimate)
	}
	start := time.Now()
	screen, err := runOnTerminal(ctx, srv, tok, dir, nil, "import", path, "--yes", "--max", "1", "--job", "imp")
	if exitCodeFor(err, false) != exitPartial {
		t.Fatalf("import --max 1: %v, want work left\n%s", err, tail(screen))
	}
	if !strings.Contains(screen, "importing") {
		t.Errorf("the import's bar does not say importing:\n%q", tail(screen))
	}
	// One post of hundreds is a minute or so of the schedule.
	checkETA(t, "import", lastBarETA(t, screen), start.Add(estimate), 3*time.Minute)

	// Undo: the few posts made are within Mastodon's 30 deletions per 30
	// minutes, so the schedule ends now; the run's own JSON summary says
	// what the rest takes at the pacer's schedule.
	_, errOut, err = runFledgeOn(ctx, srv, tok, dir, nil, "import", path, "--yes", "--max", "4", "--job", "imp")
	if exitCodeFor(err, false) != exitPartial {
		t.Fatalf("import --max 4: %v\n%s", err, tail(errOut))
	}
	start = time.Now()
	screen, err = runOnTerminal(ctx, srv, tok, dir, nil, "undo", "imp", "--yes", "--max", "1")
	if err != nil && exitCodeFor(err, false) != exitPartial {
		t.Fatalf("undo --max 1: %v\n%s", err, tail(screen))
	}
	if !strings.Contains(screen, "deleting") || strings.Contains(screen, "importing") {
		t.Errorf("undo's bar does not say deleting (issue 13 §4):\n%q", tail(screen))
	}
	shown := lastBarETA(t, screen)
	out, errOut, err = runFledgeOn(ctx, srv, tok, dir, nil, "undo", "imp", "--yes", "--max", "1")
	if err != nil && exitCodeFor(err, false) != exitPartial {
		t.Fatalf("undo --json --max 1: %v\n%s", err, tail(errOut))
	}
	secs, _ = jsonLine(t, out, "summary")["left_duration"].(float64)
	checkETA(t, "undo", shown, start.Add(time.Duration(secs*float64(time.Second))), time.Minute)
}

// The client here allows 10 follows an hour, spread over it: 12 take an
// hour or so, the plan says until when, and the bar, after the first
// follow, says the same.
func TestFollowBarETAIsThePlans(t *testing.T) {
	srv := mastotest.New(mastotest.Options{Domain: "masto.test", Seed: 1})
	defer srv.Close()
	alice := srv.AddAccount("alice", mastotest.AccountOptions{})
	var csv strings.Builder
	csv.WriteString("Account address,Show boosts,Notify on new posts,Languages\n")
	for i := range 12 {
		name := fmt.Sprintf("user%d", i)
		srv.AddAccount(name, mastotest.AccountOptions{})
		csv.WriteString(name + "@masto.test,true,false,\n")
	}
	dir := t.TempDir()
	matches := filepath.Join(dir, "matches.csv")
	if err := os.WriteFile(matches, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	hourly := func(o *mastodon.Options) {
		o.Limits = map[mastodon.Bucket]mastodon.Limit{mastodon.BucketFollows: {Count: 10, Period: time.Hour}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, errOut, err := runFledgeOn(ctx, srv, alice.Token, dir, hourly, "follow", "--dry-run", matches)
	if err != nil {
		t.Fatalf("dry run: %v\n%s", err, tail(errOut))
	}
	etaText, _ := jsonLine(t, out, "plan")["eta"].(string)
	eta, err := time.Parse(time.RFC3339, etaText)
	if err != nil {
		t.Fatalf("the plan's eta %q: %v", etaText, err)
	}
	if time.Until(eta) < 10*time.Minute {
		t.Fatalf("the plan ends at %v; the test needs a later end, which no rate of a short run gives", eta)
	}
	screen, err := runOnTerminal(ctx, srv, alice.Token, dir, hourly, "follow", "--no-wait", "--max", "1", matches)
	if exitCodeFor(err, false) != exitPartial {
		t.Fatalf("follow --max 1: %v, want work left\n%s", err, tail(screen))
	}
	checkETA(t, "follow", lastBarETA(t, screen), eta, time.Minute)
}
