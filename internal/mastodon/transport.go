package mastodon

import (
	"context"
	"errors"
	"io"
	"log/slog"
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
	log    requestLog

	// keysIgnored is set once the server is known to ignore
	// Idempotency-Key (GoToSocial): the key is then left off, so a POST is
	// never repeated after it was sent (callers reconcile instead).
	keysIgnored atomic.Bool
}

func newTransport(base http.RoundTripper, p *Pacer, clock Clock, policy retryPolicy, onWait func(WaitEvent), log *slog.Logger) *transport {
	// Jitter in the upper half of each step, so parallel clients do not
	// retry in lockstep.
	steps := retry.Backoff{Base: policy.baseDelay, Max: policy.maxBackoff, Jitter: rand.Float64}
	return &transport{base: base, pacer: p, clock: clock, policy: policy, onWait: onWait, steps: steps, log: requestLog{log}}
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

// attempts is the state of one request across its attempts.
type attempts struct {
	req     *http.Request
	buckets []Bucket
	// safe: repeating the request cannot apply it twice (idempotent, a
	// relationship POST, or a POST carrying an Idempotency-Key).
	safe bool
	// replayable: the body can be sent again (none, or GetBody is set).
	replayable   bool
	errRetries   int // network failures, 5xx and 503s so far
	limitRetries int // 429s so far
	refused      int // connections refused so far
}

// verdict is what the transport makes of one attempt: either the final
// answer (done), or a wait until a time before the next attempt.
type verdict struct {
	done   bool
	resp   *http.Response
	err    error
	until  time.Time
	bucket Bucket
	reason string // a Wait* constant
}

func final(resp *http.Response, err error) verdict { return verdict{done: true, resp: resp, err: err} }

func retryAt(until time.Time, b Bucket, reason string) verdict {
	return verdict{until: until, bucket: b, reason: reason}
}

// RoundTrip implements http.RoundTripper: pace, send, and decide per
// answer whether to hand it up or wait and send again.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	req = t.withIdempotencyKey(req)
	a := &attempts{
		req:        req,
		buckets:    Classify(req.Method, req.URL.Path, req.URL.Query()),
		safe:       repeatable(req.Method, req.URL.Path) || (req.Method == http.MethodPost && req.Header.Get("Idempotency-Key") != ""),
		replayable: req.Body == nil || req.Body == http.NoBody || req.GetBody != nil,
	}
	idle := t.clock.Now() // since when this attempt has been held back
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 {
			var err error
			if r, err = rewind(req); err != nil {
				return nil, err
			}
		}
		if err := t.pace(ctx, req, a.buckets); err != nil {
			closeBody(r)
			return nil, err
		}
		sent := t.clock.Now()
		resp, err := t.base.RoundTrip(r)
		t.log.attempt(req, resp, err, sent.Sub(idle), t.clock.Now().Sub(sent))
		var v verdict
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, ctx.Err()
		case err != nil:
			v = t.netFailure(a, err)
		default:
			v = t.answer(a, resp)
		}
		if v.done {
			return v.resp, v.err
		}
		idle = t.clock.Now()
		if err := t.wait(ctx, v.bucket, v.until, v.reason); err != nil {
			return nil, err
		}
	}
}

// withIdempotencyKey adds the context's Idempotency-Key to a POST, or
// removes any key once the server is known to ignore it.
func (t *transport) withIdempotencyKey(req *http.Request) *http.Request {
	ctx := req.Context()
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
	return req
}

// maxRefusedRetries: a refused connection means nothing listens there
// (a stopped server, a wrong port); one quick retry covers a server that
// is restarting, more would only make `fledge whoami` hang for half a
// minute before saying what a second attempt already showed.
const maxRefusedRetries = 1

// netFailure decides on a request that got no answer. TLS and unknown
// hosts fail at once; a request that may have reached the server is not
// repeated unless that is safe.
func (t *transport) netFailure(a *attempts, err error) verdict {
	nerr := describeNetError(a.req, err)
	var re *RetryableError
	if !errors.As(nerr, &re) {
		return final(nil, nerr) // TLS, DNS: repeating will not help
	}
	if !notSent(err) && !a.safe {
		re.MayHaveApplied = true
		return final(nil, re)
	}
	a.errRetries++
	if isRefused(err) {
		a.refused++
		if a.refused > maxRefusedRetries {
			return final(nil, re)
		}
	}
	if !a.replayable || a.errRetries > t.policy.maxRetries {
		return final(nil, re)
	}
	return retryAt(t.clock.Now().Add(t.steps.Delay(a.errRetries)), "", WaitRetry)
}

// answer decides on a response: 429, 503 and (for safe requests) other
// 5xx are waited out and repeated within the policy; everything else is
// the answer, after the pacer has learnt from its headers.
func (t *transport) answer(a *attempts, resp *http.Response) verdict {
	now := t.clock.Now()
	h, haveHeader := parseRateHeaders(resp.Header)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return t.tooMany(a, resp, h, haveHeader, now)
	case resp.StatusCode == http.StatusServiceUnavailable:
		return t.unavailable(a, resp, now)
	case resp.StatusCode >= 500:
		if haveHeader {
			t.pacer.observe(a.buckets, h)
		}
		a.errRetries++
		if !a.safe || !a.replayable || a.errRetries > t.policy.maxRetries {
			return final(resp, nil)
		}
		drain(resp)
		return retryAt(now.Add(t.steps.Delay(a.errRetries)), "", WaitRetry)
	}
	if haveHeader {
		t.pacer.observe(a.buckets, h)
	} else if resp.StatusCode >= 400 {
		t.pacer.release(a.buckets)
	}
	return final(resp, nil)
}

// tooMany holds the bucket until the reset the server gives (headers, then
// Retry-After, then backoff) and retries, or gives up with a
// *RateLimitError: go-mastodon never sees a 429.
func (t *transport) tooMany(a *attempts, resp *http.Response, h rateHeader, haveHeader bool, now time.Time) verdict {
	drain(resp)
	a.limitRetries++
	var until time.Time
	if haveHeader && h.Reset.After(now) {
		until = h.Reset
	} else if ra, ok := retry.ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
		until = ra
	} else {
		until = now.Add(t.steps.Delay(a.limitRetries))
	}
	b := t.pacer.exhausted(a.buckets, h, haveHeader, until)
	if !a.replayable || a.limitRetries > t.policy.maxRetries || t.tooLong(now, until) {
		return final(nil, &RateLimitError{Method: a.req.Method, Path: a.req.URL.Path, Bucket: b, Until: until})
	}
	return retryAt(until, b, WaitRateLimited)
}

// unavailable handles GoToSocial's throttle and start-up answers: the
// request was refused before any work, so every method may be repeated.
func (t *transport) unavailable(a *attempts, resp *http.Response, now time.Time) verdict {
	a.errRetries++
	until, ok := retry.ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	if !ok {
		until = now.Add(t.steps.Delay(a.errRetries))
	}
	if !a.replayable || a.errRetries > t.policy.maxRetries || t.tooLong(now, until) {
		return final(resp, nil)
	}
	drain(resp)
	return retryAt(until, "", WaitUnavailable)
}

// tooLong reports a wait beyond Options.MaxWait.
func (t *transport) tooLong(now, until time.Time) bool {
	return t.policy.maxWait > 0 && until.Sub(now) > t.policy.maxWait
}

// pace waits until every bucket of the request has room.
func (t *transport) pace(ctx context.Context, req *http.Request, buckets []Bucket) error {
	for {
		until, b := t.pacer.reserve(buckets)
		if until.IsZero() {
			return nil
		}
		if t.tooLong(t.clock.Now(), until) {
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
