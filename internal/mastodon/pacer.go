package mastodon

import (
	"math"
	"sync"
	"time"
)

// DefaultHeadroom is the share of every bucket left unused for the user's
// other apps (their phone client shares the per-user limits).
const DefaultHeadroom = 0.10

// Pacer spreads requests over each bucket's window so that a long run
// neither bursts into a 429 nor stalls. It is seeded with Mastodon's
// limits, takes the limits of the software the server turns out to be
// (SetLimits with LimitsFor), and is corrected by the X-RateLimit-*
// headers of every response.
//
// Within a window with budget B (the limit minus headroom) whose schedule
// runs from S (window start, or first use if later) to the window end E,
// the k-th request may start at S + (k-burst)·(E-S)/B: a burst (a tenth of
// B, or what the bucket's Limit.Burst says), then an even rate that spends
// the budget before the window ends. With Burst 1 the whole budget goes at
// once and the next request waits for the next window.
// Safe for concurrent use.
type Pacer struct {
	mu       sync.Mutex
	now      func() time.Time
	headroom float64
	buckets  map[Bucket]*bucketState
}

type bucketState struct {
	limit Limit
	end   time.Time // end of the current window; zero until first use
	// from is where this window's schedule starts: the window start, or
	// the first use if that came later, so a run started late in a window
	// spreads the budget over what is left instead of bursting it.
	from time.Time
	used int // requests counted in the current window
	// base is what others (another fledge run, the user's other apps)
	// had spent of this window before the pacer's first answer from the
	// server: the schedule spreads only what is left of the budget over
	// what is left of the window, instead of making up for requests it
	// never sent.
	base int
	// observed is set once a header described this bucket, whose count
	// then wins over any table.
	observed bool
}

// NewPacer returns a pacer for the given limits (nil: DefaultLimits).
// headroom outside [0, 0.9] is clamped; now nil means time.Now.
func NewPacer(limits map[Bucket]Limit, headroom float64, now func() time.Time) *Pacer {
	if limits == nil {
		limits = DefaultLimits()
	}
	if now == nil {
		now = time.Now
	}
	p := &Pacer{now: now, headroom: min(max(headroom, 0), 0.9), buckets: map[Bucket]*bucketState{}}
	p.setLimits(limits)
	return p
}

// SetLimits replaces the pacer's buckets with limits, as when the server's
// software becomes known. A bucket that keeps its period keeps what was
// already counted in its window (including what headers said); a bucket
// not in limits is no longer paced.
func (p *Pacer) SetLimits(limits map[Bucket]Limit) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setLimits(limits)
}

func (p *Pacer) setLimits(limits map[Bucket]Limit) {
	next := map[Bucket]*bucketState{}
	for b, l := range limits {
		if l.Count <= 0 || l.Period <= 0 {
			continue
		}
		st := &bucketState{limit: l}
		if old, ok := p.buckets[b]; ok && old.limit.Period == l.Period {
			st.end, st.from, st.used, st.base = old.end, old.from, old.used, old.base
			if old.limit.Count != l.Count && old.observed {
				// The server already told us its count.
				st.limit.Count = old.limit.Count
			}
			st.observed = old.observed
		}
		next[b] = st
	}
	p.buckets = next
}

// budget is how many requests fledge allows itself per window.
func (p *Pacer) budget(st *bucketState) int {
	return max(1, st.limit.Usable(p.headroom))
}

// burstOf is how many requests may go at once at the start of a window.
func burstOf(l Limit, budget int) int {
	if l.Burst > 0 {
		return min(budget, max(1, int(math.Floor(float64(budget)*min(l.Burst, 1)+1e-9))))
	}
	return max(1, budget/10)
}

// roll moves st to the window containing now.
func (st *bucketState) roll(now time.Time) {
	period := st.limit.Period
	if st.end.IsZero() || (st.limit.Rolling && !now.Before(st.end)) {
		// A rolling window opens with the first request after the last
		// one closed.
		st.end = alignedEnd(now, period)
		if st.limit.Rolling {
			st.end = now.Add(period)
		}
		st.from = now
		st.used, st.base = 0, 0
		return
	}
	if now.Before(st.end) {
		return
	}
	// Keep the phase the server told us about, if any.
	k := now.Sub(st.end)/period + 1
	st.end = st.end.Add(k * period)
	st.from = now
	st.used, st.base = 0, 0
}

// setEnd moves the window end to what the server said, keeping the
// schedule start inside the window and not in the future.
func (st *bucketState) setEnd(end, now time.Time) {
	st.end = end
	if start := end.Add(-st.limit.Period); st.from.Before(start) {
		st.from = start
	}
	if st.from.After(now) {
		st.from = now
	}
}

// alignedEnd is the end of the epoch-aligned window of length period that
// contains now, as Mastodon computes it.
func alignedEnd(now time.Time, period time.Duration) time.Time {
	ns := now.UnixNano()
	start := ns - ns%int64(period)
	return time.Unix(0, start).Add(period).UTC()
}

// nthTime is when the n-th further request (n >= 1) may start, counting
// from st's state, at or after now.
func (p *Pacer) nthTime(st *bucketState, n int, now time.Time) time.Time {
	budget := p.budget(st)
	period := st.limit.Period
	// This window's schedule covers what others left of the budget.
	avail := max(1, budget-st.base)
	k := st.used - st.base + n // position of the request in this window's schedule
	origin, end := st.from, st.end
	for k > avail {
		// It falls into a later window, scheduled from its start.
		k -= avail
		avail = budget
		origin, end = end, end.Add(period)
	}
	t := origin
	if burst := burstOf(st.limit, avail); k > burst {
		span := end.Sub(origin)
		t = origin.Add(time.Duration(float64(k-burst) * float64(span) / float64(avail)))
	}
	if t.Before(now) {
		return now
	}
	return t
}

// When returns the earliest time at which the next n requests in bucket b
// could all have been sent, for ETAs. Unknown buckets and n <= 0 give now.
func (p *Pacer) When(b Bucket, n int) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	st, ok := p.buckets[b]
	if !ok || n <= 0 {
		return now
	}
	st.roll(now)
	return p.nthTime(st, n, now)
}

// Duration is how long from now until the next n requests in bucket b
// could all have been sent at this pacer's schedule: the estimate of the
// time the limits impose, computed by the same code that paces the run.
// Unknown buckets (not limited by the server) and n <= 0 give 0.
func (p *Pacer) Duration(b Bucket, n int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	st, ok := p.buckets[b]
	if !ok || n <= 0 {
		return 0
	}
	// Work on a copy: an estimate must not move the live window.
	cp := *st
	cp.roll(now)
	return p.nthTime(&cp, n, now).Sub(now)
}

// Remaining returns how many requests fledge still allows itself in b's
// current window, and when that window ends. A bucket the server does not
// limit (GoToSocial has no follows bucket) has no end: math.MaxInt and the
// zero time.
func (p *Pacer) Remaining(b Bucket) (int, time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.buckets[b]
	if !ok {
		return math.MaxInt, time.Time{}
	}
	st.roll(p.now())
	return max(0, p.budget(st)-st.used), st.end
}

// Limit returns the current (possibly header-corrected) limit of b.
func (p *Pacer) Limit(b Bucket) (Limit, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.buckets[b]
	if !ok {
		return Limit{}, false
	}
	return st.limit, true
}

// reserve takes one slot in every bucket of bs if all allow a request now.
// Otherwise it takes nothing and returns the time to try again and the
// bucket that is holding things up.
func (p *Pacer) reserve(bs []Bucket) (time.Time, Bucket) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	var until time.Time
	var blocker Bucket
	for _, b := range bs {
		st, ok := p.buckets[b]
		if !ok {
			continue
		}
		st.roll(now)
		if t := p.nthTime(st, 1, now); t.After(now) && t.After(until) {
			until, blocker = t, b
		}
	}
	if !until.IsZero() {
		return until, blocker
	}
	for _, b := range bs {
		if st, ok := p.buckets[b]; ok {
			st.used++
		}
	}
	return time.Time{}, ""
}

// release gives back the slot of a request the server refused, in the
// buckets where the server counts only successes.
func (p *Pacer) release(bs []Bucket) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, b := range bs {
		if st, ok := p.buckets[b]; ok && countsOnlySuccess(b) && st.used > 0 {
			st.used--
		}
	}
}

// observe applies a response's rate-limit headers to the bucket they most
// likely describe and returns that bucket ("" if none).
func (p *Pacer) observe(bs []Bucket, h rateHeader) Bucket {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	b := p.attribute(bs, h, now)
	if b == "" {
		return ""
	}
	st := p.buckets[b]
	st.limit.Count = h.Limit
	first := !st.observed
	st.observed = true
	if !h.Reset.After(now) {
		// The window the header speaks of is already over; only the
		// limit is still news.
		st.roll(now)
		return b
	}
	st.setEnd(h.Reset, now)
	used := h.Limit - h.Remaining
	if first && used > st.used {
		// The first word from the server: what was spent before this
		// pacer's own requests is not to be made up for.
		st.base, st.from = used-st.used, now
	}
	st.used = used
	return b
}

// exhausted records a 429: the bucket is full until the given time.
func (p *Pacer) exhausted(bs []Bucket, h rateHeader, haveHeader bool, until time.Time) Bucket {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	var b Bucket
	if haveHeader {
		b = p.attribute(bs, h, now)
	}
	if b == "" {
		// No usable header: blame the most specific bucket we know.
		for i := len(bs) - 1; i >= 0; i-- {
			if _, ok := p.buckets[bs[i]]; ok {
				b = bs[i]
				break
			}
		}
	}
	if b == "" {
		return ""
	}
	st := p.buckets[b]
	st.roll(now)
	if until.After(now) {
		st.setEnd(until, now)
	}
	st.used = max(st.used, p.budget(st))
	return b
}

// attribute picks, among the request's buckets, the one a header most
// likely describes. Mastodon reports the throttle closest to exhaustion,
// so a header may belong to any matching bucket: prefer buckets whose
// period can contain the reset time, then an equal limit, then the
// shortest period.
func (p *Pacer) attribute(bs []Bucket, h rateHeader, now time.Time) Bucket {
	const slack = 2 * time.Second
	resetIn := h.Reset.Sub(now)
	var best Bucket
	var bestScore int
	var bestPeriod time.Duration
	for _, b := range bs {
		st, ok := p.buckets[b]
		if !ok {
			continue
		}
		score := 0
		if resetIn <= st.limit.Period+slack {
			score += 2
		}
		if st.limit.Count == h.Limit {
			score++
		}
		better := best == "" || score > bestScore ||
			(score == bestScore && score >= 2 && st.limit.Period < bestPeriod) ||
			(score == bestScore && score < 2 && st.limit.Period > bestPeriod)
		if better {
			best, bestScore, bestPeriod = b, score, st.limit.Period
		}
	}
	return best
}
