package mastodon

import (
	"net/url"
	"testing"
	"time"
)

func TestAlignedEnd(t *testing.T) {
	tests := []struct {
		now    time.Time
		period time.Duration
		want   time.Time
	}{
		{t0, 5 * time.Minute, time.Date(2026, 11, 21, 22, 15, 0, 0, time.UTC)},
		{t0, 3 * time.Hour, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)},
		{t0, 24 * time.Hour, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 11, 21, 22, 15, 0, 0, time.UTC), 5 * time.Minute, time.Date(2026, 11, 21, 22, 20, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		if got := alignedEnd(tc.now, tc.period); !got.Equal(tc.want) {
			t.Errorf("alignedEnd(%v, %v) = %v, want %v", tc.now, tc.period, got, tc.want)
		}
	}
}

// reserveN reserves n requests in b at the clock's current time, failing
// if the pacer holds any of them back.
func reserveN(t *testing.T, p *Pacer, b Bucket, n int) {
	t.Helper()
	for i := range n {
		if until, _ := p.reserve([]Bucket{b}); !until.IsZero() {
			t.Fatalf("request %d held back until %v", i+1, until)
		}
	}
}

func TestPacerBurstThenEvenRate(t *testing.T) {
	clock := newFakeClock(time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)) // window start
	p := NewPacer(map[Bucket]Limit{BucketFollows: {Count: 400, Period: 24 * time.Hour}}, 0.10, clock.Now)
	// Budget 360, burst 36: 36 go at once, the 37th waits one step.
	reserveN(t, p, BucketFollows, 36)
	until, blocker := p.reserve([]Bucket{BucketFollows})
	step := 24 * time.Hour / 360
	if blocker != BucketFollows || !until.Equal(clock.Now().Add(step)) {
		t.Fatalf("37th follow at %v by %q, want %v", until, blocker, clock.Now().Add(step))
	}
	// The rest of the budget (324) is spent at the even rate.
	if got, want := p.When(BucketFollows, 324), clock.Now().Add(324*step); !got.Equal(want) {
		t.Errorf("When(324) = %v, want %v", got, want)
	}
	// One more spills into the next day's window at its start.
	if got, want := p.When(BucketFollows, 325), clock.Now().Add(24*time.Hour); !got.Equal(want) {
		t.Errorf("When(325) = %v, want %v", got, want)
	}
	// 36+360 more: the burst of the next window then its even rate.
	if got, want := p.When(BucketFollows, 324+37), clock.Now().Add(24*time.Hour+step); !got.Equal(want) {
		t.Errorf("When(361) = %v, want %v", got, want)
	}
}

func TestPacerWindowRollover(t *testing.T) {
	clock := newFakeClock(time.Date(2026, 11, 21, 22, 10, 0, 0, time.UTC))
	p := NewPacer(map[Bucket]Limit{BucketMedia: {Count: 10, Period: time.Minute}}, 0, clock.Now)
	// Spend the whole budget by sending at the even rate.
	for i := 0; i < 10; i++ {
		if until, _ := p.reserve([]Bucket{BucketMedia}); !until.IsZero() {
			clock.Advance(until.Sub(clock.Now()))
			reserveN(t, p, BucketMedia, 1)
		}
	}
	left, end := p.Remaining(BucketMedia)
	if left != 0 {
		t.Fatalf("left = %d, want 0", left)
	}
	until, _ := p.reserve([]Bucket{BucketMedia})
	if !until.Equal(end) {
		t.Fatalf("11th request at %v, want window end %v", until, end)
	}
	clock.Advance(end.Sub(clock.Now()))
	reserveN(t, p, BucketMedia, 1)
	if left, newEnd := p.Remaining(BucketMedia); left != 9 || !newEnd.Equal(end.Add(time.Minute)) {
		t.Errorf("after rollover left=%d end=%v, want 9 and %v", left, newEnd, end.Add(time.Minute))
	}
}

func TestPacerObserve(t *testing.T) {
	now := t0
	tests := []struct {
		name      string
		buckets   []Bucket
		h         rateHeader
		wantB     Bucket
		wantLimit int
		wantLeft  int
		wantEnd   time.Time
	}{
		{name: "general API header", buckets: []Bucket{BucketAPI},
			h: rateHeader{300, 200, now.Add(90 * time.Second)}, wantB: BucketAPI,
			wantLimit: 300, wantLeft: 170, wantEnd: now.Add(90 * time.Second)},
		{name: "correction downwards", buckets: []Bucket{BucketAPI},
			h: rateHeader{100, 50, now.Add(time.Minute)}, wantB: BucketAPI,
			wantLimit: 100, wantLeft: 40, wantEnd: now.Add(time.Minute)},
		{name: "correction upwards", buckets: []Bucket{BucketAPI},
			h: rateHeader{1000, 990, now.Add(time.Minute)}, wantB: BucketAPI,
			wantLimit: 1000, wantLeft: 890, wantEnd: now.Add(time.Minute)},
		{name: "follow family header (reset hours away)", buckets: []Bucket{BucketAPI, BucketFollows},
			h: rateHeader{400, 300, now.Add(10 * time.Hour)}, wantB: BucketFollows,
			wantLimit: 400, wantLeft: 260, wantEnd: now.Add(10 * time.Hour)},
		{name: "status post showing the rack counter", buckets: []Bucket{BucketAPI, BucketStatuses},
			h: rateHeader{300, 10, now.Add(2 * time.Minute)}, wantB: BucketAPI,
			wantLimit: 300, wantLeft: 0, wantEnd: now.Add(2 * time.Minute)},
		{name: "status post showing the family counter", buckets: []Bucket{BucketAPI, BucketStatuses},
			h: rateHeader{300, 280, now.Add(2 * time.Hour)}, wantB: BucketStatuses,
			wantLimit: 300, wantLeft: 250, wantEnd: now.Add(2 * time.Hour)},
		{name: "reset in the past keeps our window", buckets: []Bucket{BucketAPI},
			h: rateHeader{250, 0, now.Add(-time.Minute)}, wantB: BucketAPI,
			wantLimit: 250, wantLeft: 225, wantEnd: alignedEnd(now, 5*time.Minute)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPacer(nil, 0.10, func() time.Time { return now })
			if b := p.observe(tc.buckets, tc.h); b != tc.wantB {
				t.Fatalf("attributed to %q, want %q", b, tc.wantB)
			}
			l, _ := p.Limit(tc.wantB)
			left, end := p.Remaining(tc.wantB)
			if l.Count != tc.wantLimit || left != tc.wantLeft || !end.Equal(tc.wantEnd) {
				t.Errorf("limit=%d left=%d end=%v, want %d %d %v", l.Count, left, end, tc.wantLimit, tc.wantLeft, tc.wantEnd)
			}
		})
	}
}

func TestPacerHeadroom(t *testing.T) {
	tests := []struct {
		headroom float64
		limit    int
		want     int
	}{
		{0.10, 300, 270},
		{0, 300, 300},
		{0.5, 30, 15},
		{0.10, 1, 1}, // never below one request
		{5, 100, 10}, // clamped to 90%
	}
	for _, tc := range tests {
		p := NewPacer(map[Bucket]Limit{BucketAPI: {Count: tc.limit, Period: time.Minute}}, tc.headroom, func() time.Time { return t0 })
		if left, _ := p.Remaining(BucketAPI); left != tc.want {
			t.Errorf("headroom %v of %d: budget %d, want %d", tc.headroom, tc.limit, left, tc.want)
		}
	}
}

func TestPacerExhaustedAndRelease(t *testing.T) {
	clock := newFakeClock(t0)
	p := NewPacer(nil, 0.10, clock.Now)
	reset := t0.Add(3 * time.Hour)
	b := p.exhausted([]Bucket{BucketAPI, BucketStatuses}, rateHeader{300, 0, reset}, true, reset)
	if b != BucketStatuses {
		t.Fatalf("429 blamed on %q, want statuses", b)
	}
	if until, blocker := p.reserve([]Bucket{BucketAPI, BucketStatuses}); !until.Equal(reset) || blocker != BucketStatuses {
		t.Errorf("next post at %v (%q), want %v", until, blocker, reset)
	}
	// Refused follows give their slot back; refused API calls do not.
	reserveN(t, p, BucketFollows, 1)
	reserveN(t, p, BucketAPI, 1)
	p.release([]Bucket{BucketAPI, BucketFollows})
	if left, _ := p.Remaining(BucketFollows); left != 360 {
		t.Errorf("follows left %d, want 360", left)
	}
	if left, _ := p.Remaining(BucketAPI); left != 269 {
		t.Errorf("api left %d, want 269", left)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		method, path, query string
		want                []Bucket
	}{
		{"GET", "/api/v1/accounts/lookup", "acct=a", []Bucket{BucketAPI}},
		{"GET", "/api/v1/accounts/1/following", "max_id=5", []Bucket{BucketAPI, BucketPaging}},
		{"POST", "/api/v1/accounts/1/follow", "", []Bucket{BucketAPI, BucketFollows}},
		{"POST", "/api/v1/statuses", "", []Bucket{BucketAPI, BucketStatuses}},
		{"PUT", "/api/v1/statuses/9", "", []Bucket{BucketAPI, BucketStatuses}},
		{"POST", "/api/v1/statuses/9/reblog", "", []Bucket{BucketAPI, BucketStatuses}},
		{"POST", "/api/v1/statuses/9/unreblog", "", []Bucket{BucketAPI, BucketDeletes}},
		{"DELETE", "/api/v1/statuses/9", "", []Bucket{BucketAPI, BucketDeletes}},
		{"POST", "/api/v2/media", "", []Bucket{BucketAPI, BucketMedia}},
		{"POST", "/api/v1/media", "", []Bucket{BucketAPI, BucketMedia}},
		{"PUT", "/api/v1/media/3", "", []Bucket{BucketAPI}},
		{"POST", "/oauth/token", "", nil},
		{"GET", "/.well-known/nodeinfo", "", nil},
	}
	for _, tc := range tests {
		q, _ := url.ParseQuery(tc.query)
		got := Classify(tc.method, tc.path, q)
		if len(got) != len(tc.want) {
			t.Errorf("%s %s = %v, want %v", tc.method, tc.path, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s %s = %v, want %v", tc.method, tc.path, got, tc.want)
			}
		}
	}
}

// A run started late in a window spreads the budget over what is left of
// it rather than sending the "missed" share at once.
func TestPacerLateStartSpreads(t *testing.T) {
	clock := newFakeClock(time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC))
	p := NewPacer(map[Bucket]Limit{BucketFollows: {Count: 400, Period: 24 * time.Hour}}, 0.10, clock.Now)
	reserveN(t, p, BucketFollows, 36)
	until, _ := p.reserve([]Bucket{BucketFollows})
	if want := clock.Now().Add(12 * time.Hour / 360); !until.Equal(want) {
		t.Errorf("37th follow at %v, want %v", until, want)
	}
	// The next window is scheduled from its own start again.
	if got, want := p.When(BucketFollows, 324+37), time.Date(2026, 11, 22, 0, 4, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("When = %v, want %v", got, want)
	}
}
