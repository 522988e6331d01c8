package twitter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/fledge-cli/fledge/internal/retry"
)

// response is what the retry loop needs of one HTTP exchange.
type response struct {
	status int
	header http.Header
	body   []byte
}

// call runs send until it succeeds or fails for good: it waits out
// x-rate-limit-reset on 429 (and before a call when the last response said
// nothing remains), backs off on 5xx and network errors, and gives up
// after MaxRetries.
func (c *Client) call(ctx context.Context, send func(ctx context.Context) (response, error)) (response, error) {
	for attempt := 0; ; attempt++ {
		if err := c.waitBlocked(ctx); err != nil {
			return response{}, err
		}
		r, err := send(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return response{}, ctx.Err()
			}
			if attempt >= c.opts.MaxRetries {
				return response{}, fmt.Errorf("twitter: %w", err)
			}
			if err := c.wait(ctx, c.opts.Now().Add(backoffSteps.Delay(attempt+1)), "network error"); err != nil {
				return response{}, err
			}
			continue
		}
		c.noteLimits(r.header)
		switch {
		case r.status == http.StatusTooManyRequests && attempt < c.opts.MaxRetries:
			until, ok := resetTime(r.header)
			if !ok {
				now := c.opts.Now()
				if until, ok = retry.ParseRetryAfter(r.header.Get("Retry-After"), now); !ok {
					until = now.Add(time.Minute) // a cautious guess
				}
			}
			if err := c.waitLimit(ctx, until); err != nil {
				return response{}, err
			}
			continue
		case r.status >= 500 && attempt < c.opts.MaxRetries:
			if err := c.wait(ctx, c.opts.Now().Add(backoffSteps.Delay(attempt+1)), "server error"); err != nil {
				return response{}, err
			}
			continue
		case r.status < 200 || r.status > 299:
			return response{}, newAPIError(r.status, r.body, c.opts.Token)
		}
		return r, nil
	}
}

// noteLimits remembers an exhausted window so the next call waits for it
// instead of spending a request on a 429.
func (c *Client) noteLimits(h http.Header) {
	rem, err := strconv.Atoi(h.Get("x-rate-limit-remaining"))
	if err != nil || rem > 0 {
		return
	}
	if until, ok := resetTime(h); ok {
		c.blockedUntil = until
	}
}

func (c *Client) waitBlocked(ctx context.Context) error {
	if c.blockedUntil.IsZero() || !c.opts.Now().Before(c.blockedUntil) {
		c.blockedUntil = time.Time{}
		return ctx.Err()
	}
	until := c.blockedUntil
	c.blockedUntil = time.Time{}
	return c.waitLimit(ctx, until)
}

// waitLimit waits for a rate-limit reset, unless it is too far away to
// wait for (a daily cap).
func (c *Client) waitLimit(ctx context.Context, until time.Time) error {
	if until.Sub(c.opts.Now()) > c.opts.MaxWait {
		return &APIError{
			StatusCode: http.StatusTooManyRequests,
			Advice: fmt.Sprintf("the rate limit resets at %s, too long to wait; run again then (profiles fetched so far are cached)",
				until.Local().Format("2006-01-02 15:04")),
			kind: ErrRateLimited,
		}
	}
	return c.wait(ctx, until, "rate limit")
}

func (c *Client) wait(ctx context.Context, until time.Time, reason string) error {
	d := until.Sub(c.opts.Now())
	if d <= 0 {
		return ctx.Err()
	}
	if c.opts.OnWait != nil {
		c.opts.OnWait(Wait{Until: until, Reason: reason})
	}
	return c.opts.Sleep(ctx, d)
}

// resetTime reads x-rate-limit-reset, seconds since the epoch.
func resetTime(h http.Header) (time.Time, bool) {
	sec, err := strconv.ParseInt(h.Get("x-rate-limit-reset"), 10, 64)
	if err != nil || sec <= 0 {
		return time.Time{}, false
	}
	// One second of slack: the window closes on the server's clock.
	return time.Unix(sec+1, 0), true
}

// backoffSteps are the waits after a 5xx or a network error: 1 s, 2 s, …
// 32 s. Exact, without jitter: one client works through a list alone.
var backoffSteps = retry.Backoff{Base: time.Second, Max: 32 * time.Second}

var errBodyTooLarge = errors.New("response larger than the size limit")
