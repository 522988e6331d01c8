package job

import (
	"errors"
	"time"
)

// Errors the adapters wrap the client's errors in, so a job can decide
// without knowing the client. Wrap with both: fmt.Errorf("%w: %w",
// job.ErrNotFound, err) keeps the original for the CLI's exit code.
var (
	ErrNotFound = errors.New("not found")
	// ErrAuth stops the whole run: the token was refused.
	ErrAuth = errors.New("access token refused")
	// ErrRefused is a permanent refusal of one action (403, 422).
	ErrRefused = errors.New("refused by the server")
	// ErrRateLimited means the client gave up waiting for a rate limit;
	// a *RateLimited in the chain says until when.
	ErrRateLimited = errors.New("rate limited")
)

// RateLimited carries the time a rate-limited bucket opens again.
type RateLimited struct {
	Until time.Time
	Err   error
}

func (e *RateLimited) Error() string {
	return "rate limited until " + e.Until.UTC().Format(time.RFC3339) + ": " + e.Err.Error()
}
func (e *RateLimited) Unwrap() error        { return e.Err }
func (e *RateLimited) Is(target error) bool { return target == ErrRateLimited }
