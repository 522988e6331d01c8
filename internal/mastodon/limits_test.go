package mastodon

import (
	"testing"
	"time"
)

func TestLimitsForSoftware(t *testing.T) {
	tests := []struct {
		name    string
		prof    ServerProfile
		buckets []Bucket // exactly these buckets are paced
		posts   Limit    // the statuses bucket, if paced
	}{
		{"nothing detected", ServerProfile{}, allBuckets, Limit{Count: 300, Period: 3 * time.Hour}},
		{"mastodon", ServerProfile{Software: SoftwareMastodon, SoftwareName: "mastodon"}, allBuckets, Limit{Count: 300, Period: 3 * time.Hour}},
		{"glitch", ServerProfile{Software: SoftwareMastodon, SoftwareName: "mastodon", RawVersion: "4.3.0+glitch"}, allBuckets, Limit{Count: 300, Period: 3 * time.Hour}},
		{"hometown by name", ServerProfile{Software: SoftwareOther, SoftwareName: "Hometown"}, allBuckets, Limit{Count: 300, Period: 3 * time.Hour}},
		{"gotosocial", ServerProfile{Software: SoftwareGoToSocial, SoftwareName: "gotosocial"}, []Bucket{BucketAPI}, Limit{}},
		{"gotosocial without nodeinfo", ServerProfile{Software: SoftwareGoToSocial}, []Bucket{BucketAPI}, Limit{}},
		{"pleroma", ServerProfile{Software: SoftwarePleroma, SoftwareName: "pleroma"}, []Bucket{BucketStatuses, BucketDeletes, BucketFollows}, Limit{Count: 15, Period: 10 * time.Second}},
		{"akkoma", ServerProfile{Software: SoftwareAkkoma, SoftwareName: "akkoma"}, []Bucket{BucketStatuses, BucketDeletes, BucketFollows}, Limit{Count: 15, Period: 10 * time.Second}},
		{"sharkey", ServerProfile{Software: SoftwareOther, SoftwareName: "sharkey"}, allBuckets, Limit{Count: 300, Period: time.Hour}},
		{"hollo", ServerProfile{Software: SoftwareOther, SoftwareName: "hollo"}, allBuckets, Limit{Count: 300, Period: 3 * time.Hour}},
		{"snac", ServerProfile{Software: SoftwareOther, SoftwareName: "snac"}, allBuckets, Limit{Count: 300, Period: 3 * time.Hour}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := LimitsFor(tc.prof)
			if len(got) != len(tc.buckets) {
				t.Errorf("buckets %v, want %v", got, tc.buckets)
			}
			for _, b := range tc.buckets {
				if _, ok := got[b]; !ok {
					t.Errorf("bucket %s missing from %v", b, got)
				}
			}
			if p := got[BucketStatuses]; p.Count != tc.posts.Count || p.Period != tc.posts.Period {
				t.Errorf("statuses %+v, want %+v", p, tc.posts)
			}
			if PacingReason(tc.prof) == "" {
				t.Error("no reason given")
			}
		})
	}
	gts := LimitsFor(ServerProfile{Software: SoftwareGoToSocial})[BucketAPI]
	if gts != (Limit{Count: 300, Period: 5 * time.Minute, Burst: 1, Rolling: true}) {
		t.Errorf("GoToSocial's request limit = %+v", gts)
	}
	// The table is not shared with callers.
	LimitsFor(ServerProfile{})[BucketStatuses] = Limit{Count: 1, Period: time.Second}
	if LimitsFor(ServerProfile{})[BucketStatuses].Count != 300 {
		t.Error("a caller changed the table")
	}
}

var allBuckets = []Bucket{BucketAPI, BucketMedia, BucketStatuses, BucketFollows, BucketDeletes, BucketPaging}

func TestWithOverridesKeepsWindowStyle(t *testing.T) {
	base := map[Bucket]Limit{BucketAPI: {Count: 300, Period: 5 * time.Minute, Burst: 1, Rolling: true}}
	got := withOverrides(base, map[Bucket]Limit{
		BucketAPI:      {Count: 30, Period: time.Second},
		BucketStatuses: {Count: 5, Period: time.Second},
	})
	if got[BucketAPI] != (Limit{Count: 30, Period: time.Second, Burst: 1, Rolling: true}) {
		t.Errorf("api = %+v", got[BucketAPI])
	}
	if got[BucketStatuses] != (Limit{Count: 5, Period: time.Second}) {
		t.Errorf("statuses = %+v", got[BucketStatuses])
	}
	if base[BucketAPI].Count != 300 {
		t.Error("withOverrides changed its base")
	}
}

// GoToSocial's budget goes at once, the next request waits for the next
// window, and that window opens at the first request after the last one
// closed, not at an epoch multiple.
func TestPacerRollingWholeWindow(t *testing.T) {
	start := time.Date(2026, 11, 21, 22, 12, 34, 0, time.UTC)
	clock := newFakeClock(start)
	p := NewPacer(LimitsFor(ServerProfile{Software: SoftwareGoToSocial}), 0.10, clock.Now)
	if d := p.Duration(BucketAPI, 270); d != 0 {
		t.Errorf("270 requests need %v, want none", d)
	}
	if d := p.Duration(BucketAPI, 271); d != 5*time.Minute {
		t.Errorf("271 requests need %v, want one window", d)
	}
	if d := p.Duration(BucketStatuses, 1000); d != 0 {
		t.Errorf("GoToSocial has no statuses bucket, yet 1000 posts need %v", d)
	}
	reserveN(t, p, BucketAPI, 270)
	until, b := p.reserve([]Bucket{BucketAPI, BucketStatuses})
	if b != BucketAPI || !until.Equal(start.Add(5*time.Minute)) {
		t.Fatalf("271st request held until %v by %q, want %v", until, b, start.Add(5*time.Minute))
	}
	// Idle past the window's end: the next window opens with the next request.
	clock.Advance(7 * time.Minute)
	reserveN(t, p, BucketAPI, 270)
	if n, end := p.Remaining(BucketAPI); n != 0 || !end.Equal(start.Add(12*time.Minute)) {
		t.Errorf("Remaining = %d until %v, want 0 until %v", n, end, start.Add(12*time.Minute))
	}
}

// A limit the server announced stays when the table's limits arrive, and
// Duration does not move the live window.
func TestPacerSetLimitsKeepsObservedCount(t *testing.T) {
	clock := newFakeClock(time.Date(2026, 11, 21, 22, 12, 34, 0, time.UTC))
	p := NewPacer(nil, 0, clock.Now)
	reserveN(t, p, BucketAPI, 1)
	p.observe([]Bucket{BucketAPI}, rateHeader{Limit: 1000, Remaining: 990, Reset: clock.Now().Add(4 * time.Minute)})
	p.SetLimits(LimitsFor(ServerProfile{Software: SoftwareGoToSocial}))
	if l, _ := p.Limit(BucketAPI); l.Count != 1000 || !l.Rolling || l.Burst != 1 {
		t.Errorf("limit after SetLimits = %+v, want the server's 1000 in GoToSocial's style", l)
	}
	if n, _ := p.Remaining(BucketAPI); n != 990 {
		t.Errorf("remaining %d, want 990 as the server said", n)
	}
	if _, ok := p.Limit(BucketStatuses); ok {
		t.Error("the statuses bucket is still paced on GoToSocial")
	}
	_ = p.Duration(BucketAPI, 5000)
	if n, _ := p.Remaining(BucketAPI); n != 990 {
		t.Errorf("Duration moved the window: remaining %d", n)
	}
}

// A new run that finds part of the window spent by an earlier run (or the
// user's other apps) spreads what is left over what is left of the window;
// it does not wait as if it had sent those requests itself.
func TestPacerFirstHeaderIsNotMadeUpFor(t *testing.T) {
	start := time.Date(2026, 11, 21, 22, 12, 34, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		limits map[Bucket]Limit
		free   int // requests that go at once after the header
	}{
		{"mastodon", nil, (270-75)/10 - 1}, // the burst, less our own first request
		{"gotosocial", LimitsFor(ServerProfile{Software: SoftwareGoToSocial}), 270 - 76},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock(start)
			p := NewPacer(tc.limits, 0.10, clock.Now)
			reserveN(t, p, BucketAPI, 1)
			// The server counted 75 requests before ours.
			p.observe([]Bucket{BucketAPI}, rateHeader{Limit: 300, Remaining: 224, Reset: start.Add(4 * time.Minute)})
			reserveN(t, p, BucketAPI, tc.free)
			if until, _ := p.reserve([]Bucket{BucketAPI}); until.IsZero() {
				t.Errorf("request %d after the header went at once; want it held", tc.free+1)
			}
			// Never past the server's budget in this window.
			if n, _ := p.Remaining(BucketAPI); n != 270-76-tc.free {
				t.Errorf("remaining %d, want %d", n, 270-76-tc.free)
			}
		})
	}
}

func TestLimitUsableAndSustained(t *testing.T) {
	follows := DefaultLimits()[BucketFollows]
	if got := follows.Usable(DefaultHeadroom); got != 360 {
		t.Errorf("Usable = %d, want 360 (400 less 10%%)", got)
	}
	for _, tc := range []struct {
		l    Limit
		n    int
		h    float64
		want time.Duration
	}{
		{follows, 360, DefaultHeadroom, 24 * time.Hour},
		{follows, 90, DefaultHeadroom, 6 * time.Hour},
		{follows, 400, 0, 24 * time.Hour},
		{follows, 0, DefaultHeadroom, 0},
		{Limit{Count: 1, Period: time.Hour}, 5, 0.5, 5 * time.Hour}, // at least one
		{Limit{Count: 100, Period: time.Hour}, 10, 2, time.Hour},    // headroom clamped to 0.9
		{Limit{}, 5, 0, 0},
	} {
		if got := tc.l.Sustained(tc.n, tc.h); got != tc.want {
			t.Errorf("%+v.Sustained(%d, %v) = %v, want %v", tc.l, tc.n, tc.h, got, tc.want)
		}
	}
}
