package mastodon

import (
	"context"
	"time"
)

// Clock is the time source of the transport and pacer. Tests inject one
// whose Sleep returns at once (the fast-retry switch) and advances Now.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WaitEvent tells the caller that a request is held back, so a CLI can
// say "waiting for the rate limit until 14:05" instead of looking hung.
type WaitEvent struct {
	Bucket Bucket // "" when the wait is not about a rate-limit bucket
	Until  time.Time
	Reason string // one of the Wait* constants
}

// Reasons reported in WaitEvent.
const (
	WaitPacing      = "pacing"             // spreading requests over the window
	WaitRateLimited = "rate limited"       // the server answered 429
	WaitUnavailable = "server unavailable" // the server answered 503
	WaitRetry       = "retrying after error"
	WaitMedia       = "media processing"
)
