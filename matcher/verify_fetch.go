package matcher

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/internal/retry"
	"github.com/fledge-cli/fledge/internal/safehttp"
)

// maxRedirects is the number of redirects followed per request; each hop
// goes through the per-host limiter of the host it lands on.
const maxRedirects = 5

var (
	errRateLimited  = errors.New("rate limited")
	errServerFailed = errors.New("server error")
)

// fetched is one completed request after redirects.
type fetched struct {
	status int
	body   []byte
	url    string // the URL that answered
}

// fetch GETs rawURL with per-host politeness, following redirects itself
// (so every hop is limited and counted) and retrying once after a 429
// whose Retry-After is short enough to wait for.
func (v *Verifier) fetch(ctx context.Context, rawURL, accept string) (fetched, error) {
	cur := rawURL
	for hop := 0; ; hop++ {
		u, err := url.Parse(cur)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return fetched{}, fmt.Errorf("refusing URL %q: only https is used", cur)
		}
		res, err := v.fetchOne(ctx, u, accept)
		if err != nil {
			return fetched{}, err
		}
		if !isRedirect(res.status) {
			return res, nil
		}
		if hop == maxRedirects {
			v.stats.redirectLimit.Add(1)
			return fetched{}, fmt.Errorf("%s: %w (more than %d)", rawURL, safehttp.ErrTooManyRedirects, maxRedirects)
		}
		next, err := u.Parse(string(res.body))
		if err != nil || next.Scheme != "https" {
			return fetched{}, fmt.Errorf("%s: bad redirect to %q", cur, string(res.body))
		}
		cur = next.String()
	}
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// fetchOne performs a single request (no redirects). For a redirect the
// returned body holds the Location header.
func (v *Verifier) fetchOne(ctx context.Context, u *url.URL, accept string) (fetched, error) {
	host := strings.ToLower(u.Hostname())
	for attempt := 0; ; attempt++ {
		res, retryAfter, err := v.fetchLimited(ctx, host, u, accept)
		if err != nil || res.status != http.StatusTooManyRequests {
			return res, err
		}
		v.stats.rateLimited.Add(1)
		if attempt > 0 || retryAfter > v.maxRetryAfter {
			return fetched{}, fmt.Errorf("%s: %w (Retry-After %s)", host, errRateLimited, retryAfter)
		}
		v.limits.delay(host, retryAfter)
	}
}

func (v *Verifier) fetchLimited(ctx context.Context, host string, u *url.URL, accept string) (fetched, time.Duration, error) {
	release, err := v.limits.acquire(ctx, host)
	if err != nil {
		if errors.Is(err, ErrCircuitOpen) {
			v.stats.circuitOpen.Add(1)
		}
		return fetched{}, 0, err
	}
	defer release()
	select {
	case v.global <- struct{}{}:
	case <-ctx.Done():
		return fetched{}, 0, ctx.Err()
	}
	defer func() { <-v.global }()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fetched{}, 0, err
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", userAgent)
	v.stats.requests.Add(1)
	resp, err := v.client.Do(req)
	if err != nil {
		v.countError(err)
		if refusalKind(err) == "" {
			// A refusal by the guard says nothing about the host's health
			// and must not open its breaker: the handles after it would
			// be "skipped" instead of refused with a reason.
			v.limits.report(host, ctx.Err() != nil)
		}
		return fetched{}, 0, err
	}
	defer resp.Body.Close()
	res := fetched{status: resp.StatusCode, url: u.String()}
	switch {
	case isRedirect(resp.StatusCode):
		res.body = []byte(resp.Header.Get("Location"))
		v.limits.report(host, true)
		return res, 0, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		now := time.Now()
		wait := time.Minute // unreadable or missing: a cautious guess
		if until, ok := retry.ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			wait = until.Sub(now)
		}
		return res, wait, nil
	}
	res.body, err = io.ReadAll(resp.Body)
	if err != nil {
		v.countError(err)
		v.limits.report(host, false)
		return fetched{}, 0, fmt.Errorf("reading %s: %w", u.Redacted(), err)
	}
	if resp.StatusCode >= 500 {
		v.limits.report(host, false)
		return fetched{}, 0, fmt.Errorf("%s: %w: %s", u.Redacted(), errServerFailed, resp.Status)
	}
	v.limits.report(host, true)
	return res, 0, nil
}

// userAgent names us to server admins, as fediverse etiquette expects.
const userAgent = "fledge (+https://github.com/fledge-cli/fledge)"

// countError files a request error under the hostile-input counters.
func (v *Verifier) countError(err error) {
	var ne net.Error
	switch {
	case refusalKind(err) != "":
		v.stats.blocked.Add(1)
	case errors.Is(err, safehttp.ErrBodyTooLarge):
		v.stats.tooLarge.Add(1)
	case errors.Is(err, safehttp.ErrTooManyRedirects), errors.Is(err, safehttp.ErrInsecureRedirect):
		v.stats.redirectLimit.Add(1)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		v.stats.timeouts.Add(1)
	default:
		v.stats.networkErrors.Add(1)
	}
}
