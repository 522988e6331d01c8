package mastodon

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	gomasto "github.com/mattn/go-mastodon"

	"github.com/fledge-cli/fledge/internal/retry"
)

// Options configure a Client. The zero value is usable.
type Options struct {
	// Base is the transport under the retry layer (default: a clone of
	// http.DefaultTransport). Tests pass an httptest server's transport.
	Base http.RoundTripper
	// UserAgent defaults to "fledge".
	UserAgent string
	// Limits override the count and period of buckets (scaled-down windows
	// in tests, or a server known to differ), both of the seeded limits and
	// of those the server's software gets once it is known (LimitsFor).
	// Missing buckets keep the table's limits.
	Limits map[Bucket]Limit
	// Headroom is the share of each bucket left for the user's other apps.
	// 0 means DefaultHeadroom (10%); a negative value means none.
	Headroom float64
	// MaxRetries bounds retries per request and failure kind (default 5).
	MaxRetries int
	// MaxBackoff caps one backoff step (default 1 minute).
	MaxBackoff time.Duration
	// MaxWait is the longest the client waits for a rate limit before
	// returning a *RateLimitError; 0 waits as long as the server says.
	MaxWait time.Duration
	// OnWait is told about every wait (pacing, 429, 503, retry backoff).
	OnWait func(WaitEvent)
	// Logger, when set, gets one line per request attempt: method, path,
	// status and wait at Info, the server's time too at Debug; never the
	// query, a header or a body (requestlog.go). fledge -v and -vv.
	Logger *slog.Logger
	// Clock replaces real time; tests use it as the fast-retry switch.
	Clock Clock
	// Timeout bounds one HTTP attempt including the body (default 2 min;
	// media uploads are large).
	Timeout time.Duration
}

// Client talks to one Mastodon-compatible server with one access token.
type Client struct {
	server string
	token  string
	ua     string
	clock  Clock
	onWait func(WaitEvent)
	pacer  *Pacer
	// overrides are Options.Limits, applied again when the software's
	// own limits replace the seeded ones.
	overrides map[Bucket]Limit
	http      *http.Client
	api       *gomasto.Client
	rt        *transport

	mu      sync.Mutex
	profile *ServerProfile
	self    *Account
}

// New returns a client for server (validated with ValidateServerURL) and
// token ("" for calls that need none, such as app registration).
func New(server, token string, opts Options) (*Client, error) {
	base, err := ValidateServerURL(server)
	if err != nil {
		return nil, err
	}
	clock := opts.Clock
	if clock == nil {
		clock = retry.Real{}
	}
	overrides := clone(opts.Limits)
	limits := withOverrides(DefaultLimits(), overrides)
	headroom := opts.Headroom
	switch {
	case headroom == 0:
		headroom = DefaultHeadroom
	case headroom < 0:
		headroom = 0
	}
	policy := retryPolicy{maxRetries: 5, baseDelay: time.Second, maxBackoff: time.Minute, maxWait: opts.MaxWait}
	if opts.MaxRetries > 0 {
		policy.maxRetries = opts.MaxRetries
	}
	if opts.MaxBackoff > 0 {
		policy.maxBackoff = opts.MaxBackoff
		policy.baseDelay = min(policy.baseDelay, opts.MaxBackoff)
	}
	under := opts.Base
	if under == nil {
		under = http.DefaultTransport.(*http.Transport).Clone()
	}
	pacer := NewPacer(limits, headroom, clock.Now)
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	// The timeout sits under the retry layer so each attempt gets its own.
	rt := newTransport(&attemptTimeout{base: under, d: timeout}, pacer, clock, policy, opts.OnWait, opts.Logger)
	hc := &http.Client{Transport: rt, CheckRedirect: checkRedirect}

	ua := opts.UserAgent
	if ua == "" {
		ua = "fledge"
	}
	api := gomasto.NewClient(&gomasto.Config{Server: base, AccessToken: token})
	// The library gets the same transport behind libBoundary, which hands
	// it our errors instead of error answers.
	api.Client = http.Client{Transport: libBoundary{rt}, CheckRedirect: checkRedirect}
	api.UserAgent = ua
	return &Client{server: base, token: token, ua: ua, clock: clock, onWait: opts.OnWait,
		pacer: pacer, overrides: overrides, http: hc, api: api, rt: rt}, nil
}

// Server returns the normalised server URL.
func (c *Client) Server() string { return c.server }

// HTTPClient returns the retrying, pacing client (for OAuth calls). It
// does not add the access token.
func (c *Client) HTTPClient() *http.Client { return c.http }

// Pacer returns the client's pacer, for ETAs.
func (c *Client) Pacer() *Pacer { return c.pacer }

// String never shows the token.
func (c *Client) String() string {
	if c.token == "" {
		return "mastodon.Client{" + c.server + ", no token}"
	}
	return "mastodon.Client{" + c.server + ", token [REDACTED]}"
}

// GoString keeps %#v from printing the token too.
func (c *Client) GoString() string { return c.String() }

// checkRedirect refuses redirects that leave the server or downgrade to
// http, so a token-carrying header never follows a redirect elsewhere.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return &NotMastodonError{URL: via[0].URL.String(), Status: req.Response.StatusCode, Detail: "too many redirects"}
	}
	first := via[0].URL
	if req.URL.Host != first.Host || (first.Scheme == "https" && req.URL.Scheme != "https") {
		return &NotMastodonError{URL: first.String(), Status: req.Response.StatusCode,
			Detail: "redirected to " + req.URL.Scheme + "://" + req.URL.Host + "; use that address as the server"}
	}
	return nil
}

// attemptTimeout bounds one round trip, body included.
type attemptTimeout struct {
	base http.RoundTripper
	d    time.Duration
}

func (a *attemptTimeout) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), a.d)
	resp, err := a.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}
