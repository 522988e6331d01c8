package follow

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/importer/job/jobtest"
)

func targets(hs ...string) []Target {
	var ts []Target
	for _, h := range hs {
		ts = append(ts, Target{Handle: h})
	}
	return ts
}

func statuses(rs []Result) map[string]Status {
	m := map[string]Status{}
	for _, r := range rs {
		m[r.Handle] = r.Status
	}
	return m
}

func runFollow(t *testing.T, f *fakeServer, cfg Config) (Summary, []Result) {
	t.Helper()
	var got []Result
	cfg.OnResult = func(r Result) { got = append(got, r) }
	sum, _, err := Follow(context.Background(), f, cfg)
	if err != nil {
		t.Fatalf("Follow: %v", err)
	}
	return sum, got
}

func TestFollowOutcomes(t *testing.T) {
	f := newFake()
	f.add("known@a.example", true)
	f.add("remote@b.example", false)
	locked := f.add("locked@c.example", true)
	f.requests[locked.ID] = true
	already := f.add("old@d.example", true)
	f.following[already.ID] = true
	newer := f.add("new@e.example", true)
	moved := f.add("moved@e.example", true)
	moved.MovedTo = newer
	self := f.add("me@home.example", true)
	f.self.ID = self.ID
	broken := f.add("broken@f.example", true)
	f.failOn[broken.ID] = fmt.Errorf("%w: 403 blocked", job.ErrRefused)

	j := jobtest.NewMemJournal()
	sum, got := runFollow(t, f, Config{
		Targets: targets("known@a.example", "@Remote@B.example", "locked@c.example", "old@d.example",
			"moved@e.example", "me@home.example", "missing@g.example", "broken@f.example"),
		Journal: j, Wait: true,
	})
	want := map[string]Status{
		"known@a.example":   StatusFollowed,
		"remote@b.example":  StatusFollowed,
		"locked@c.example":  StatusRequested,
		"old@d.example":     StatusAlready,
		"moved@e.example":   StatusMoved,
		"me@home.example":   StatusSkipped,
		"missing@g.example": StatusNotFound,
		"broken@f.example":  StatusFailed,
	}
	gotS := statuses(got)
	for h, s := range want {
		if gotS[h] != s {
			t.Errorf("%s: status %q, want %q", h, gotS[h], s)
		}
		if journalStatus(j, journalKey("follow", h)) != s {
			t.Errorf("%s: journal says %q, want %q", h, journalStatus(j, journalKey("follow", h)), s)
		}
	}
	if !f.following[newer.ID] || f.following[moved.ID] {
		t.Errorf("moved account: followed the old one or not the new one")
	}
	if sum.Counts[StatusFollowed] != 2 || sum.Failed() != 1 || sum.Left != 0 || sum.Stop != StopNone {
		t.Errorf("summary %+v", sum)
	}
	for _, r := range got {
		if r.Status == StatusFailed && !strings.Contains(r.Reason, "403 blocked") {
			t.Errorf("failure reason %q does not say why", r.Reason)
		}
	}
}

func TestFollowResumeSkipsDoneRetriesFailed(t *testing.T) {
	f := newFake()
	a := f.add("a@x.example", true)
	b := f.add("b@x.example", true)
	f.failOn[b.ID] = fmt.Errorf("%w: 500", job.ErrRefused)
	j := jobtest.NewMemJournal()
	ts := targets("a@x.example", "b@x.example")
	runFollow(t, f, Config{Targets: ts, Journal: j, Wait: true})
	delete(f.failOn, b.ID)
	// Forget the follow server-side to prove the journal, not the
	// following list, made the second run skip a.
	delete(f.following, a.ID)
	sum, got := runFollow(t, f, Config{Targets: ts, Journal: j, Wait: true})
	if f.calls["follow"] != 3 {
		t.Errorf("follow calls = %d, want 3 (a once, b twice)", f.calls["follow"])
	}
	// a, followed by the first run, is already followed now; the counts
	// are this run's: b followed, nothing else.
	if s := statuses(got); s["a@x.example"] != StatusAlready || s["b@x.example"] != StatusFollowed {
		t.Errorf("second run: %v", s)
	}
	if sum.Earlier != 1 || !got[0].Earlier {
		t.Errorf("earlier = %d (%+v), want a reported as done earlier", sum.Earlier, got[0])
	}
	if want := map[Status]int{StatusFollowed: 1}; !maps.Equal(sum.Counts, want) {
		t.Errorf("counts = %v, want %v (this run only)", sum.Counts, want)
	}
	// A third run does nothing and counts nothing.
	sum, got = runFollow(t, f, Config{Targets: ts, Journal: j, Wait: true})
	if s := statuses(got); len(sum.Counts) != 0 || sum.Earlier != 2 || s["b@x.example"] != StatusAlready {
		t.Errorf("third run: counts %v, earlier %d, %v; want nothing counted, 2 earlier", sum.Counts, sum.Earlier, s)
	}
}

func TestFollowStops(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(f *fakeServer, cfg *Config)
		wantStop StopReason
		wantSent int
	}{
		{"max", func(_ *fakeServer, c *Config) { c.Max = 2 }, StopMax, 2},
		{"budget without wait", func(f *fakeServer, _ *Config) { f.budget = 3 }, StopBudget, 3},
		{"budget with wait is the client's business", func(f *fakeServer, c *Config) { f.budget = 3; c.Wait = true }, StopNone, 5},
		{"cap below 7500", func(f *fakeServer, c *Config) { f.self.Following = 7498 }, StopCap, 2},
		{"cap by followers", func(f *fakeServer, c *Config) {
			// 1.1 × 7275 = 8002.5, taken as 8002: one follow early
			// rather than one refused, whichever way the server rounds.
			f.self.Following, f.self.Followers = 8000, 7275
		}, StopCap, 2},
		{"cap crossed during the run", func(f *fakeServer, c *Config) {
			// 7,498 follows and 6,820 followers: 7,500 is no stop, the
			// server allows 7,502.
			f.self.Following, f.self.Followers = 7498, 6820
		}, StopCap, 4},
		{"server refuses at the cap", func(f *fakeServer, c *Config) {
			f.failOn["3"] = fmt.Errorf("%w: 422 You can't follow more than 7500 people", job.ErrRefused)
		}, StopCap, 2},
		{"rate limited", func(f *fakeServer, c *Config) {
			f.failOn["2"] = &job.RateLimited{Until: f.reset, Err: fmt.Errorf("429")}
		}, StopRateLimited, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			var hs []string
			for i := range 5 {
				h := fmt.Sprintf("u%d@x.example", i)
				f.add(h, true)
				hs = append(hs, h)
			}
			cfg := Config{Targets: targets(hs...), Journal: jobtest.NewMemJournal()}
			tt.setup(f, &cfg)
			sum, _ := runFollow(t, f, cfg)
			if sum.Stop != tt.wantStop || len(f.follows) != tt.wantSent {
				t.Fatalf("stop %q after %d follows, want %q after %d (%s)", sum.Stop, len(f.follows), tt.wantStop, tt.wantSent, sum.Message)
			}
			if tt.wantStop != StopNone && (sum.Left != 5-tt.wantSent || sum.Message == "") {
				t.Errorf("left %d, message %q", sum.Left, sum.Message)
			}
			if tt.wantStop == StopBudget && !sum.ResumeAt.Equal(f.reset) {
				t.Errorf("resume at %v, want %v", sum.ResumeAt, f.reset)
			}
		})
	}
}

func TestFollowDryRunChangesNothing(t *testing.T) {
	f := newFake()
	f.add("a@x.example", true)
	f.add("b@x.example", false)
	f.add("b2@x.example", true)
	sum, plan, err := Follow(context.Background(), f, Config{
		Targets: targets("a@x.example", "b@x.example", "nobody@x.example", "a@x.example"),
		DryRun:  true, List: f, ListTitle: "friends",
	})
	if err != nil {
		t.Fatal(err)
	}
	if f.calls["follow"] != 0 || len(f.lists) != 0 {
		t.Errorf("dry run followed %d or created %d lists", f.calls["follow"], len(f.lists))
	}
	if plan.ToFollow != 2 || sum.Counts[StatusPlanned] != 2 || sum.Counts[StatusNotFound] != 1 {
		t.Errorf("plan %+v, summary %+v", plan, sum)
	}
	if want := f.reset.Add(2 * 60e9); !plan.ETA.Equal(want) {
		t.Errorf("ETA %v, want %v", plan.ETA, want)
	}
}

func TestFollowList(t *testing.T) {
	f := newFake()
	a := f.add("a@x.example", true)
	b := f.add("b@x.example", true)
	f.requests[b.ID] = true // pending until accepted
	c := f.add("c@x.example", true)
	f.following[c.ID] = true
	f.lists = []List{{ID: "L9", Title: "Friends"}}
	f.members["L9"] = map[string]bool{c.ID: true}
	j := jobtest.NewMemJournal()
	ts := targets("a@x.example", "b@x.example", "c@x.example")
	sum, got := runFollow(t, f, Config{Targets: ts, Journal: j, Wait: true, List: f, ListTitle: "friends"})
	if len(f.lists) != 1 {
		t.Fatalf("created a second list instead of reusing %q", "Friends")
	}
	lists := map[string]string{}
	for _, r := range got {
		lists[r.Handle] = r.List
	}
	if lists["a@x.example"] != listAdded || lists["b@x.example"] != listPending || lists["c@x.example"] != listAlready {
		t.Errorf("list outcomes %v", lists)
	}
	if sum.ListPending != 1 || !f.members["L9"][a.ID] {
		t.Errorf("summary %+v, members %v", sum, f.members["L9"])
	}
	// b accepts; the next run adds it without following again.
	f.following[b.ID] = true
	sent := f.calls["follow"]
	sum, got = runFollow(t, f, Config{Targets: ts, Journal: j, Wait: true, List: f, ListTitle: "friends"})
	if f.calls["follow"] != sent || !f.members["L9"][b.ID] || sum.ListPending != 0 {
		t.Errorf("retry: follows %d→%d, members %v, summary %+v, results %+v", sent, f.calls["follow"], f.members["L9"], sum, got)
	}
}

func TestFollowStopsOnAuthAndJournalErrors(t *testing.T) {
	f := newFake()
	a := f.add("a@x.example", true)
	f.add("b@x.example", true)
	f.failOn[a.ID] = fmt.Errorf("%w: 401", job.ErrAuth)
	j := jobtest.NewMemJournal()
	_, _, err := Follow(context.Background(), f, Config{Targets: targets("a@x.example", "b@x.example"), Journal: j, Wait: true})
	if err == nil || f.calls["follow"] != 1 {
		t.Fatalf("err %v after %d follows; want the run to stop at the refused token", err, f.calls["follow"])
	}
	if _, ok := j.Outcome(journalKey("follow", "a@x.example")); ok {
		t.Errorf("an auth failure was recorded as the account's outcome")
	}

	delete(f.failOn, a.ID)
	j = jobtest.NewMemJournal()
	j.FailAt = 1
	_, _, err = Follow(context.Background(), f, Config{Targets: targets("a@x.example"), Journal: j, Wait: true})
	if err == nil || !strings.Contains(err.Error(), "disk full") || f.calls["follow"] != 1 {
		t.Errorf("journal failure: err %v, follows %d; want no follow without its intent on disk", err, f.calls["follow"])
	}
}

func TestFollowCap(t *testing.T) {
	tests := []struct {
		self Self
		want int
	}{
		{Self{Following: 0}, 7500},
		// Below 7,500 today, but the run may cross it: with 100,000
		// followers the server lets the user go on to 110,000.
		{Self{Following: 7499, Followers: 100000}, 110000},
		{Self{Following: 100, Followers: 6820}, 7502},
		{Self{Following: 100, Followers: 6000}, 7500},
		{Self{Following: 7500, Followers: 100}, 7500},
		{Self{Following: 9000, Followers: 10000}, 11000},
	}
	for _, tt := range tests {
		if got := followCap(tt.self, 0, 0); got != tt.want {
			t.Errorf("followCap(%+v) = %d, want %d", tt.self, got, tt.want)
		}
	}
}

func TestFollowMovedLoop(t *testing.T) {
	f := newFake()
	a := f.add("a@x.example", true)
	b := f.add("b@x.example", true)
	a.MovedTo, b.MovedTo = b, a
	sum, got := runFollow(t, f, Config{Targets: targets("a@x.example"), Journal: jobtest.NewMemJournal(), Wait: true})
	if sum.Failed() != 1 || !strings.Contains(got[0].Reason, "loop") || f.calls["follow"] != 0 {
		t.Errorf("moved loop: %+v", got)
	}
}
