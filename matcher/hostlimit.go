package matcher

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/fledge-cli/fledge/internal/retry"
)

// ErrCircuitOpen is returned for a host whose circuit breaker is open: it
// failed too often in a row, so we leave it alone for a while instead of
// waiting for every one of its handles to time out.
var ErrCircuitOpen = errors.New("host skipped after repeated failures")

// hostLimiter keeps us polite towards each host: at most perHost requests
// at once, request starts at least minInterval apart (pushed further out by
// a 429's Retry-After), and a breaker that opens after threshold
// consecutive failures for cooldown.
type hostLimiter struct {
	perHost     int
	minInterval time.Duration
	threshold   int
	cooldown    time.Duration

	mu    sync.Mutex
	hosts map[string]*hostState
}

type hostState struct {
	slots     chan struct{}
	next      time.Time // no request may start before this
	failures  int
	openUntil time.Time
	// cur and peak count requests in flight; peak is reported by Stats.
	cur, peak int
}

func newHostLimiter(perHost int, minInterval time.Duration, threshold int, cooldown time.Duration) *hostLimiter {
	return &hostLimiter{
		perHost:     perHost,
		minInterval: minInterval,
		threshold:   threshold,
		cooldown:    cooldown,
		hosts:       make(map[string]*hostState),
	}
}

func (l *hostLimiter) state(host string) *hostState {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.hosts[host]
	if st == nil {
		st = &hostState{slots: make(chan struct{}, l.perHost)}
		l.hosts[host] = st
	}
	return st
}

// acquire waits for a slot on host and for its next allowed start time.
// The returned release must be called once the response has been read.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	st := l.state(host)
	if err := l.checkOpen(host, st); err != nil {
		return nil, err
	}
	select {
	case st.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	for {
		l.mu.Lock()
		now := time.Now()
		wait := st.next.Sub(now)
		if wait <= 0 {
			st.next = now.Add(l.minInterval)
			st.cur++
			st.peak = max(st.peak, st.cur)
			l.mu.Unlock()
			break
		}
		l.mu.Unlock()
		if err := retry.Sleep(ctx, wait); err != nil {
			<-st.slots
			return nil, err
		}
	}
	if err := l.checkOpen(host, st); err != nil {
		l.mu.Lock()
		st.cur--
		l.mu.Unlock()
		<-st.slots
		return nil, err
	}
	return func() {
		l.mu.Lock()
		st.cur--
		l.mu.Unlock()
		<-st.slots
	}, nil
}

func (l *hostLimiter) checkOpen(host string, st *hostState) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if time.Now().Before(st.openUntil) {
		return fmt.Errorf("%s: %w (until %s)", host, ErrCircuitOpen, st.openUntil.Format(time.TimeOnly))
	}
	return nil
}

// delay pushes the host's next start out by d (a 429's Retry-After).
func (l *hostLimiter) delay(host string, d time.Duration) {
	st := l.state(host)
	l.mu.Lock()
	defer l.mu.Unlock()
	if t := time.Now().Add(d); t.After(st.next) {
		st.next = t
	}
}

// report records the outcome of a request for the breaker.
func (l *hostLimiter) report(host string, ok bool) {
	st := l.state(host)
	l.mu.Lock()
	defer l.mu.Unlock()
	if ok {
		st.failures = 0
		return
	}
	st.failures++
	if l.threshold > 0 && st.failures >= l.threshold {
		st.openUntil = time.Now().Add(l.cooldown)
		st.failures = 0
	}
}

// peak returns the largest number of requests ever in flight to one host.
func (l *hostLimiter) peak() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := 0
	for _, st := range l.hosts {
		p = max(p, st.peak)
	}
	return p
}
