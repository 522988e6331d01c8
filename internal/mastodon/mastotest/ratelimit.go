package mastotest

import (
	"net/http"
	"strconv"
	"time"
)

// counter is one window of one bucket. Mastodon's windows are aligned to
// multiples of the period counted from the Unix epoch (rack-attack and
// RateLimiter both key on epoch / period); GoToSocial's roll (hitRolling).
type counter struct {
	window int64
	opened time.Time // rolling windows only: when the window opened
	count  int
}

// limiter holds every bucket. Keys are "rule|subject"; old windows are
// overwritten in place, so memory is bounded by the number of subjects.
type limiter struct {
	buckets map[string]*counter
}

func newLimiter() *limiter { return &limiter{buckets: make(map[string]*counter)} }

// state is the outcome of consulting one bucket.
type rlState struct {
	limit     int
	remaining int
	reset     time.Time
	exceeded  bool
}

func windowOf(now time.Time, per time.Duration) int64 { return now.UnixNano() / int64(per) }

func resetOf(now time.Time, per time.Duration) time.Time {
	return time.Unix(0, (windowOf(now, per)+1)*int64(per)).UTC()
}

func (l *limiter) current(key string, lim Limit, now time.Time) *counter {
	w := windowOf(now, lim.Per)
	c := l.buckets[key]
	if c == nil {
		c = &counter{window: w}
		l.buckets[key] = c
	}
	if c.window != w {
		c.window, c.count = w, 0
	}
	return c
}

// hit counts a request against a rack-level throttle (count first, then
// compare, like Rack::Attack).
func (l *limiter) hit(rule, subject string, lim Limit, now time.Time) rlState {
	c := l.current(rule+"|"+subject, lim, now)
	c.count++
	return rlState{limit: lim.N, remaining: max(0, lim.N-c.count), reset: resetOf(now, lim.Per), exceeded: c.count > lim.N}
}

// hitRolling counts a request against a window that opens with the first
// request after the previous window closed, as GoToSocial's limiter
// (ulule/limiter's memory store) does: the reset is that first request's
// time plus the period, not an epoch multiple.
func (l *limiter) hitRolling(key string, lim Limit, now time.Time) rlState {
	c := l.buckets[key]
	if c == nil {
		c = &counter{}
		l.buckets[key] = c
	}
	if c.opened.IsZero() || !now.Before(c.opened.Add(lim.Per)) {
		c.opened, c.count = now, 0
	}
	c.count++
	return rlState{limit: lim.N, remaining: max(0, lim.N-c.count), reset: c.opened.Add(lim.Per), exceeded: c.count > lim.N}
}

// peek reports an application-level family (statuses, follows) without
// counting: Mastodon's RateLimiter refuses when count >= limit and records
// only successful creations.
func (l *limiter) peek(rule, subject string, lim Limit, now time.Time) rlState {
	c := l.current(rule+"|"+subject, lim, now)
	return rlState{limit: lim.N, remaining: max(0, lim.N-c.count), reset: resetOf(now, lim.Per), exceeded: c.count >= lim.N}
}

func (l *limiter) record(rule, subject string, lim Limit, now time.Time) rlState {
	c := l.current(rule+"|"+subject, lim, now)
	c.count++
	return rlState{limit: lim.N, remaining: max(0, lim.N-c.count), reset: resetOf(now, lim.Per)}
}

// closest picks the state nearest to exhaustion; Mastodon's headers
// describe that one.
func closest(states []rlState) (rlState, bool) {
	if len(states) == 0 {
		return rlState{}, false
	}
	best := states[0]
	for _, s := range states[1:] {
		if s.remaining < best.remaining {
			best = s
		}
	}
	return best, true
}

// setRateHeaders writes the three headers. Mastodon's spelling is kept by
// assigning the map directly (Header.Set would canonicalise it to
// X-Ratelimit-*, which is GoToSocial's spelling).
func (s *Server) setRateHeaders(h http.Header, st rlState) {
	names := [3]string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}
	if s.opts.gts() {
		names = [3]string{"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset"}
	}
	h[names[0]] = []string{strconv.Itoa(st.limit)}
	h[names[1]] = []string{strconv.Itoa(st.remaining)}
	h[names[2]] = []string{s.formatReset(st.reset)}
}

func (s *Server) formatReset(t time.Time) string {
	f := s.opts.ResetFormat
	if f == ResetDefault {
		f = ResetMicros
		if s.opts.gts() {
			f = ResetMillis
		}
	}
	switch f {
	case ResetEpoch:
		return strconv.FormatInt(t.Unix(), 10)
	case ResetMillis:
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	default:
		return t.UTC().Format("2006-01-02T15:04:05.000000Z")
	}
}
