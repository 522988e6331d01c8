package mastodon

import (
	"time"

	"github.com/fledge-cli/fledge/internal/retry"
)

// Clock is the time source of the transport and pacer. Tests inject a
// retry.Fake, whose Sleep returns at once (the fast-retry switch) and
// advances Now.
type Clock = retry.Clock

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
