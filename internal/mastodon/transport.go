package mastodon

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fledge-cli/fledge/internal/retry"
)

// retryPolicy bounds the transport's retries.
type retryPolicy struct {
	maxRetries int           // per kind of failure, per request
	baseDelay  time.Duration // first backoff step
	maxBackoff time.Duration // cap on one backoff step
	maxWait    time.Duration // longest wait for a rate limit; 0 = no cap
}

// transport is the single retry and pacing layer. It sits under
// go-mastodon's http.Client, so go-mastodon only ever sees final answers:
// a 429 never comes back as a response (that would start go-mastodon's
// blind back-off loop), only as a *RateLimitError.
type transport struct {
	base   http.RoundTripper
	pacer  *Pacer
	clock  Clock
	policy retryPolicy
	onWait func(WaitEvent)
	steps  retry.Backoff

	// keysIgnored is set once the server is known to ignore
	// Idempotency-Key (GoToSocial): the key is then left off, so a POST is
	// never repeated after it was sent (callers reconcile instead).
	keysIgnored atomic.Bool
}

func newTransport(base http.RoundTripper, p *Pacer, clock Clock, policy retryPolicy, onWait func(WaitEvent)) *transport {
	// Jitter in the upper half of each step, so parallel clients do not
	// retry in lockstep.
	steps := retry.Backoff{Base: policy.baseDelay, Max: policy.maxBackoff, Jitter: rand.Float64}
	return &transport{base: base, pacer: p, clock: clock, policy: policy, onWait: onWait, steps: steps}
}

// isIdempotent: methods that may be repeated without changing the outcome.
// PUT is the media description update, which sets fields.
func isIdempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut:
		return true
	}
	return false
}

// repeatable reports requests that leave the same state however often
// they arrive. Besides the idempotent methods, these are the relationship
// POSTs: following, blocking or muting an account twice is the same as
// once on Mastodon and GoToSocial (the second answer is the relationship),
// so a lost answer can be retried instead of failing the account.
func repeatable(method, path string) bool {
	if isIdempotent(method) {
		return true
	}
	if method != http.MethodPost {
		return false
	}
	rest, ok := strings.CutPrefix(path, "/api/v1/accounts/")
	if !ok {
		return false
	}
	id, action, ok := strings.Cut(rest, "/")
	if !ok || id == "" || strings.Contains(action, "/") {
		return false
	}
	switch action {
	case "follow", "unfollow", "block", "unblock", "mute", "unmute":
		return true
	}
	return false
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	switch key := IdempotencyKey(ctx); {
	case t.keysIgnored.Load():
		// Not even sent: net/http itself replays a POST that carries the
		// header when a reused connection fails, and on a server that
		// ignores the key that replay is a second post.
		if req.Header.Get("Idempotency-Key") != "" {
			req = req.Clone(ctx)
			req.Header.Del("Idempotency-Key")
		}
	case key != "" && req.Method == http.MethodPost && req.Header.Get("Idempotency-Key") == "":
		req = req.Clone(ctx)
		req.Header.Set("Idempotency-Key", key)
	}
	buckets := Classify(req.Method, req.URL.Path, req.URL.Query())
	safe := repeatable(req.Method, req.URL.Path) || (req.Method == http.MethodPost && req.Header.Get("Idempotency-Key") != "")
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil

	var errRetries, limitRetries int
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 {
			var err error
			if r, err = rewind(req); err != nil {
				return nil, err
			}
		}
		if err := t.pace(ctx, req, buckets); err != nil {
			closeBody(r)
			return nil, err
		}
		resp, err := t.base.RoundTrip(r)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			nerr := describeNetError(req, err)
			var re *RetryableError
			if !errors.As(nerr, &re) {
				return nil, nerr // TLS, DNS: repeating will not help
			}
			sent := !notSent(err)
			if sent && !safe {
				re.MayHaveApplied = true
				return nil, re
			}
			errRetries++
			if !replayable || errRetries > t.policy.maxRetries {
				return nil, re
			}
			if err := t.wait(ctx, "", t.clock.Now().Add(t.steps.Delay(errRetries)), WaitRetry); err != nil {
				return nil, err
			}
			continue
		}

		now := t.clock.Now()
		h, haveHeader := parseRateHeaders(resp.Header)
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			drain(resp)
			limitRetries++
			until := time.Time{}
			if haveHeader && h.Reset.After(now) {
				until = h.Reset
			} else if ra, ok := retry.ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
				until = ra
			} else {
				until = now.Add(t.steps.Delay(limitRetries))
			}
			b := t.pacer.exhausted(buckets, h, haveHeader, until)
			tooLong := t.policy.maxWait > 0 && until.Sub(now) > t.policy.maxWait
			if !replayable || limitRetries > t.policy.maxRetries || tooLong {
				return nil, &RateLimitError{Method: req.Method, Path: req.URL.Path, Bucket: b, Until: until}
			}
			if err := t.wait(ctx, b, until, WaitRateLimited); err != nil {
				return nil, err
			}
			continue

		case resp.StatusCode == http.StatusServiceUnavailable:
			// GoToSocial's throttle and start-up answers: the request was
			// refused before any work, so every method may be repeated.
			errRetries++
			until, ok := retry.ParseRetryAfter(resp.Header.Get("Retry-After"), now)
			if !ok {
				until = now.Add(t.steps.Delay(errRetries))
			}
			tooLong := t.policy.maxWait > 0 && until.Sub(now) > t.policy.maxWait
			if !replayable || errRetries > t.policy.maxRetries || tooLong {
				return resp, nil
			}
			drain(resp)
			if err := t.wait(ctx, "", until, WaitUnavailable); err != nil {
				return nil, err
			}
			continue

		case resp.StatusCode >= 500:
			if haveHeader {
				t.pacer.observe(buckets, h)
			}
			errRetries++
			if !safe || !replayable || errRetries > t.policy.maxRetries {
				return resp, nil
			}
			drain(resp)
			if err := t.wait(ctx, "", now.Add(t.steps.Delay(errRetries)), WaitRetry); err != nil {
				return nil, err
			}
			continue
		}

		if haveHeader {
			t.pacer.observe(buckets, h)
		} else if resp.StatusCode >= 400 {
			t.pacer.release(buckets)
		}
		return resp, nil
	}
}

// pace waits until every bucket of the request has room.
func (t *transport) pace(ctx context.Context, req *http.Request, buckets []Bucket) error {
	for {
		until, b := t.pacer.reserve(buckets)
		if until.IsZero() {
			return nil
		}
		if t.policy.maxWait > 0 && until.Sub(t.clock.Now()) > t.policy.maxWait {
			return &RateLimitError{Method: req.Method, Path: req.URL.Path, Bucket: b, Until: until}
		}
		if err := t.wait(ctx, b, until, WaitPacing); err != nil {
			return err
		}
	}
}

// wait reports and sleeps until the given time, or until ctx is done.
func (t *transport) wait(ctx context.Context, b Bucket, until time.Time, reason string) error {
	d := until.Sub(t.clock.Now())
	if d <= 0 {
		return ctx.Err()
	}
	if t.onWait != nil {
		t.onWait(WaitEvent{Bucket: b, Until: until, Reason: reason})
	}
	return t.clock.Sleep(ctx, d)
}

// rewind returns a copy of req with a fresh body for another attempt.
func rewind(req *http.Request) (*http.Request, error) {
	r := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	return r, nil
}

// drain reads a little of a discarded response so the connection can be
// reused, then closes it.
func drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}
