package importer

import (
	"context"
	"fmt"
	"iter"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

func TestDatedWindows(t *testing.T) {
	base := time.Date(2015, 3, 1, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *wanted {
		return &wanted{post: &PlannedPost{Key: d.String(), ScheduledAt: base.Add(d)}}
	}
	tests := []struct {
		name string
		in   []time.Duration
		want string // windows as from..to offsets from base, with their posts
	}{
		{"one", []time.Duration{0}, "[-1m0s..1m0s 0s]"},
		{"overlapping", []time.Duration{0, 90 * time.Second}, "[-1m0s..2m30s 0s 1m30s]"},
		{"within the merge gap", []time.Duration{0, 12 * time.Minute}, "[-1m0s..13m0s 0s 12m0s]"},
		{"just beyond it", []time.Duration{0, 12*time.Minute + time.Second}, "[-1m0s..1m0s 0s] [11m1s..13m1s 12m1s]"},
		{"sorted by date", []time.Duration{48 * time.Hour, 0, time.Minute}, "[-1m0s..2m0s 0s 1m0s] [47h59m0s..48h1m0s 48h0m0s]"},
		{"same date", []time.Duration{time.Hour, time.Hour}, "[59m0s..1h1m0s 1h0m0s 1h0m0s]"},
		{"chain", []time.Duration{0, 10 * time.Minute, 20 * time.Minute, 30 * time.Minute}, "[-1m0s..31m0s 0s 10m0s 20m0s 30m0s]"},
	}
	for _, tt := range tests {
		var ws []*wanted
		for _, d := range tt.in {
			ws = append(ws, at(d))
		}
		var got []string
		for _, w := range datedWindows(ws) {
			s := w.from.Sub(base).String() + ".." + w.to.Sub(base).String()
			for _, x := range w.ws {
				s += " " + x.post.Key
			}
			got = append(got, "["+s+"]")
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: windows %s, want %s", tt.name, g, tt.want)
		}
	}
}

// pagesPoster hides DatedLister, as a Poster for a server that cannot
// list by date: reconciling then pages the history (the old way).
type pagesPoster struct{ Poster }

// refusingPoster lists by date only to refuse, as the client does on a
// server whose ids are not times.
type refusingPoster struct{ Poster }

func (refusingPoster) StatusesCreatedBetween(context.Context, time.Time, time.Time) iter.Seq2[RemoteStatus, error] {
	return func(yield func(RemoteStatus, error) bool) {
		yield(RemoteStatus{}, fmt.Errorf("%w: test", ErrNoDatedListing))
	}
}

// statusPages counts the account-statuses pages in the server's log.
func statusPages(s *mastotest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/api/v1/accounts/") && strings.Contains(r.Path, "/statuses") {
			n++
		}
	}
	return n
}

// TestReconcileBackdatedReadsWindows resumes a GoToSocial import after a
// crash left three backdated posts without an outcome, two of them on
// the server, in an account with a long history. Reconciling reads a few
// pages around the posts' dates however long the history is, finds the
// two, and the run posts the third; every post exists exactly once.
func TestReconcileBackdatedReadsWindows(t *testing.T) {
	f := newFixture(t, 200, mastotest.Options{Software: mastotest.GoToSocial}, mastodon.Options{}, nil)
	ctx := context.Background()
	cfg := f.cfg
	cfg.Max = len(f.plan.Posts) / 3
	f.run(t, cfg)

	// Three text-only posts still to do, spread over the rest of the plan.
	var cands []int
	for i := cfg.Max; i < len(f.plan.Posts); i++ {
		if pp := f.plan.Posts[i]; len(pp.Media) == 0 && pp.ReplyTo == "" && pp.QuoteOf == "" && !pp.ScheduledAt.IsZero() {
			cands = append(cands, i)
		}
	}
	if len(cands) < 3 {
		t.Fatalf("only %d text-only posts left in a plan of %d", len(cands), len(f.plan.Posts))
	}
	picked := []*PlannedPost{&f.plan.Posts[cands[0]], &f.plan.Posts[cands[len(cands)/2]], &f.plan.Posts[cands[len(cands)-1]]}

	// A history of statuses from a year before the archive to a year
	// after, none of them a planned post, and a burst of 50 in the two
	// minutes around the lost post's date.
	first, last := f.plan.Posts[0].ScheduledAt, f.plan.Posts[len(f.plan.Posts)-1].ScheduledAt
	span := last.Sub(first) + 2*365*24*time.Hour
	seeded := map[string]bool{}
	seed := func(text string, at time.Time) {
		id, err := f.srv.SeedStatus("me", text, at.Truncate(time.Second), true)
		if err != nil {
			t.Fatal(err)
		}
		seeded[id] = true
	}
	history := func(n int, offset time.Duration) {
		step := span / time.Duration(n)
		for i := range n {
			seed(fmt.Sprint("history status ", offset, i), first.Add(-365*24*time.Hour).Add(step*time.Duration(i)+offset))
		}
	}
	history(1000, 0)
	for i := range 50 {
		seed(fmt.Sprint("burst status ", i), picked[1].ScheduledAt.Add(time.Duration(i-25)*2*time.Second))
	}

	// The crash: intents for all three, the first and last posted.
	j, err := journal.Open(f.dir, "import-test", journal.Options{Kind: "import", Plan: f.plan.Fingerprint, Planned: len(f.plan.Posts)})
	if err != nil {
		t.Fatal(err)
	}
	e := &executor{plan: f.plan, j: j, cfg: f.cfg, results: map[string]postResult{}, claimed: map[string]bool{}}
	if err := e.loadDone(); err != nil {
		t.Fatal(err)
	}
	intents := map[string]postIntent{}
	posted := map[string]string{} // key → status id
	for i, pp := range picked {
		req := e.request(pp)
		in := postIntent{Fingerprint: contentFingerprint(req.Text), ReplyToID: req.InReplyToID, At: time.Now()}
		intents[pp.Key] = in
		if err := j.Intent(journal.Key(pp.Key), in); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			continue // lost before it reached the server
		}
		ps, err := f.poster().PostStatus(ctx, StatusRequest{Text: req.Text, Visibility: req.Visibility, Language: req.Language, ScheduledAt: req.ScheduledAt})
		if err != nil {
			t.Fatal(err)
		}
		posted[pp.Key] = ps.ID
	}

	// Reconcile through each kind of Poster, without touching the
	// journal, and count the pages read.
	measureLimit := func(name string, p Poster, limit int) int {
		t.Helper()
		cfg := f.cfg
		cfg.ReconcileLimit = limit
		e := &executor{plan: f.plan, srv: p, j: j, cfg: cfg, results: map[string]postResult{}, claimed: map[string]bool{}}
		if err := e.loadDone(); err != nil {
			t.Fatal(err)
		}
		var ws []*wanted
		for _, pp := range picked {
			ws = append(ws, &wanted{post: pp, intent: intents[pp.Key]})
		}
		f.srv.ResetRequests()
		if err := e.findOnServer(ctx, ws); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		found := 0
		for _, w := range ws {
			id, ok := posted[w.post.Key]
			if w.found != nil {
				found++
			}
			switch {
			case !ok && w.found != nil:
				t.Errorf("%s: lost post %s matched status %s", name, w.post.Key, w.found.ID)
			case ok && w.found != nil && w.found.ID != id:
				t.Errorf("%s: post %s found as %s, want status %s", name, w.post.Key, w.found.ID, id)
			case ok && w.found == nil && limit == 0:
				t.Errorf("%s: post %s not found, want status %s", name, w.post.Key, id)
			}
		}
		if limit > 0 && found > limit {
			t.Errorf("%s: %d posts found reading at most %d statuses", name, found, limit)
		}
		return statusPages(f.srv)
	}
	measure := func(name string, p Poster) int {
		t.Helper()
		return measureLimit(name, p, 0)
	}
	dated1000 := measure("dated", f.poster())
	paged1000 := measure("paged", pagesPoster{f.poster()})
	refused := measure("refused", refusingPoster{f.poster()})
	history(4000, time.Hour) // five times as long a history
	dated5000 := measure("dated", f.poster())
	paged5000 := measure("paged", pagesPoster{f.poster()})
	t.Logf("pages read to reconcile 3 backdated posts (1 lost): by date %d with a 1,000-status history, %d with 5,000; newest first %d and %d",
		dated1000, dated5000, paged1000, paged5000)
	// One page each for the found posts' windows; for the lost post's,
	// the burst's two pages and the empty one that ends the window.
	if dated1000 > 6 || dated5000 != dated1000 {
		t.Errorf("by date: %d then %d pages, want the same few", dated1000, dated5000)
	}
	// The lost post makes the old way read the whole history.
	if paged1000 < 1000/40 || paged5000 < 5000/40 || refused != paged1000 {
		t.Errorf("newest first: %d and %d pages; refused %d", paged1000, paged5000, refused)
	}
	// ReconcileLimit still bounds the statuses read: one status, so one
	// page and no other window.
	if p := measureLimit("limited", f.poster(), 1); p != 1 {
		t.Errorf("ReconcileLimit 1 read %d pages", p)
	}
	j.Close()

	// The resumed run reconciles the two, posts the third in its turn.
	f.srv.ResetRequests()
	rep := f.run(t, f.cfg)
	if rep.Reconciled != 2 || rep.Left != 0 || len(rep.Failed) != 0 {
		t.Errorf("resumed run: %+v", rep)
	}
	if p := statusPages(f.srv); p != dated5000 {
		t.Errorf("resumed run read %d status pages, want %d", p, dated5000)
	}
	checkOnce(t, f, seeded)
}

// checkOnce asserts that every planned post is done with its own status,
// carrying its text and date, and that apart from the seeded history the
// account holds nothing else.
func checkOnce(t *testing.T, f *fixture, seeded map[string]bool) {
	t.Helper()
	st, err := journal.Read(filepath.Join(f.dir, "import-test.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]mastotest.Status{}
	others := 0
	for _, s := range f.srv.Statuses("me") {
		byID[s.ID] = s
		if !seeded[s.ID] {
			others++
		}
	}
	owner := map[string]string{}
	for _, pp := range f.plan.Posts {
		r, ok := journalResult(t, st, pp.Key)
		if !ok {
			continue
		}
		s, ok := byID[r.ID]
		switch {
		case !ok || seeded[r.ID]:
			t.Errorf("post %s: status %s is not one of its own", pp.Key, r.ID)
		case owner[r.ID] != "":
			t.Errorf("posts %s and %s share status %s", owner[r.ID], pp.Key, r.ID)
		case pp.QuoteOf == "" && s.Text != pp.Text:
			t.Errorf("post %s text %q, want %q", pp.Key, s.Text, pp.Text)
		case s.CreatedAt.Unix() != pp.ScheduledAt.Unix():
			t.Errorf("post %s dated %v, want %v", pp.Key, s.CreatedAt, pp.ScheduledAt)
		}
		owner[r.ID] = pp.Key
	}
	if others != len(f.plan.Posts) {
		t.Errorf("server has %d statuses besides the history for %d planned posts (duplicates or strays)", others, len(f.plan.Posts))
	}
}
