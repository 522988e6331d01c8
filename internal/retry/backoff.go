package retry

import "time"

// Backoff computes exponential waits between attempts: Base, 2×Base,
// 4×Base, … capped at Max.
type Backoff struct {
	Base time.Duration // first step
	Max  time.Duration // cap on one step; 0 = no cap
	// Jitter returns a number in [0,1). When set, each step is drawn from
	// its upper half, so parallel clients do not retry in lockstep; when
	// nil, steps are exact (for callers whose tests pin the waits).
	Jitter func() float64
}

// Delay returns the wait before the n-th retry (n >= 1; smaller n counts
// as 1).
func (b Backoff) Delay(n int) time.Duration {
	d := b.Base
	for i := 1; i < n && (b.Max <= 0 || d < b.Max); i++ {
		if d > time.Duration(1<<62) {
			break // doubling again would overflow
		}
		d *= 2
	}
	if b.Max > 0 {
		d = min(d, b.Max)
	}
	if b.Jitter == nil {
		return d
	}
	return d/2 + time.Duration(b.Jitter()*float64(d/2))
}
