package twitter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fledge-cli/fledge/internal/retry"
)

// API selects the API generation.
type API int

const (
	V2 API = iota // GET /2/users: what paid tiers get today
	V1            // users/lookup.json: only for apps that kept v1.1 access
)

// Default endpoints; tests point these at httptest servers.
const (
	DefaultV1BaseURL = "https://api.twitter.com/1.1/"
	DefaultV2BaseURL = "https://api.twitter.com/2/"
)

// batchSize is the most accounts either API returns per call.
const batchSize = 100

// Wait describes a pause the client takes, reported through
// Options.OnWait so the user sees why nothing moves.
type Wait struct {
	Until  time.Time
	Reason string // "rate limit", "rate limit exhausted", "server error"
}

// Options configures a Client.
type Options struct {
	Token      string // app-only bearer token; required
	API        API
	HTTPClient *http.Client // its Transport is reused; default http.DefaultTransport
	V1BaseURL  string
	V2BaseURL  string
	Cache      *Cache // optional: checked first, filled with every answer
	OnWait     func(Wait)
	MaxRetries int // per call, for 429, 5xx and network errors; default 3
	// MaxWait is the longest rate-limit pause taken; a later reset (a
	// daily cap) fails with ErrRateLimited instead. Default 16 minutes,
	// just over X's 15-minute windows.
	MaxWait time.Duration
	Now     func() time.Time
	// Sleep waits for d or until ctx is done; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client looks accounts up through the API. It implements
// UserSource and is safe for concurrent use, though calls are
// serialised: the rate limit is shared anyway.
type Client struct {
	opts   Options
	hc     *http.Client
	v1Base *url.URL
	v2Base *url.URL

	mu           sync.Mutex
	blockedUntil time.Time // from x-rate-limit-remaining: 0
}

// New checks opts and returns a client.
func New(opts Options) (*Client, error) {
	if opts.Token == "" {
		return nil, errors.New("twitter: no bearer token (set FLEDGE_TWITTER_BEARER_TOKEN)")
	}
	if strings.ContainsAny(opts.Token, " \t\r\n") {
		// Never echo the token itself.
		return nil, errors.New("twitter: the bearer token contains spaces or line breaks; copy it again")
	}
	if opts.V1BaseURL == "" {
		opts.V1BaseURL = DefaultV1BaseURL
	}
	if opts.V2BaseURL == "" {
		opts.V2BaseURL = DefaultV2BaseURL
	}
	if opts.MaxRetries <= 0 {
		opts.MaxRetries = 3
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = 16 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = retry.Sleep
	}
	c := &Client{opts: opts}
	var err error
	if c.v1Base, err = parseBase(opts.V1BaseURL); err != nil {
		return nil, err
	}
	if c.v2Base, err = parseBase(opts.V2BaseURL); err != nil {
		return nil, err
	}
	inner := http.DefaultTransport
	timeout := 30 * time.Second
	if opts.HTTPClient != nil {
		if opts.HTTPClient.Transport != nil {
			inner = opts.HTTPClient.Transport
		}
		if opts.HTTPClient.Timeout > 0 {
			timeout = opts.HTTPClient.Timeout
		}
	}
	c.hc = &http.Client{
		Transport: &authTransport{inner: inner, token: opts.Token, hosts: []string{c.v1Base.Host, c.v2Base.Host}},
		Timeout:   timeout,
	}
	return c, nil
}

func parseBase(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("twitter: base URL %q is not an http(s) URL", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// authTransport puts the bearer token on requests to the API hosts only,
// so a redirect elsewhere never carries it.
type authTransport struct {
	inner http.RoundTripper
	token string
	hosts []string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for _, h := range t.hosts {
		if strings.EqualFold(req.URL.Host, h) {
			req = req.Clone(req.Context())
			req.Header.Set("Authorization", "Bearer "+t.token)
			break
		}
	}
	return t.inner.RoundTrip(req)
}

func (c *Client) String() string {
	if c.opts.API == V1 {
		return "Twitter API v1.1"
	}
	return "Twitter API v2"
}

// Lookup implements UserSource: cached accounts come from disk,
// the rest from the API in batches of 100. Accounts the API does not
// return (suspended, deleted, renamed) are skipped and remembered.
func (c *Client) Lookup(ctx context.Context, ids, screenNames []string) ([]User, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []User
	var needIDs, needNames []string
	for _, id := range dedupe(ids, false) {
		if !validID(id) {
			continue
		}
		if c.opts.Cache != nil {
			p, st := c.opts.Cache.byID(id)
			if st == cacheHit {
				out = append(out, p)
			}
			if st != cacheMiss {
				continue
			}
		}
		needIDs = append(needIDs, id)
	}
	for _, n := range dedupe(screenNames, true) {
		if !validName(n) {
			continue
		}
		if c.opts.Cache != nil {
			p, st := c.opts.Cache.byName(n)
			if st == cacheHit {
				out = append(out, p)
			}
			if st != cacheMiss {
				continue
			}
		}
		needNames = append(needNames, n)
	}
	for batch := range slices.Chunk(needIDs, batchSize) {
		ps, err := c.fetch(ctx, batch, nil)
		out = append(out, ps...)
		if err != nil {
			return out, err
		}
	}
	for batch := range slices.Chunk(needNames, batchSize) {
		ps, err := c.fetch(ctx, nil, batch)
		out = append(out, ps...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// fetch asks the API for one batch and records the answer in the cache.
func (c *Client) fetch(ctx context.Context, ids, names []string) ([]User, error) {
	var (
		ps  []User
		err error
	)
	if c.opts.API == V1 {
		ps, err = c.lookupV1(ctx, ids, names)
	} else {
		ps, err = c.lookupV2(ctx, ids, names)
	}
	if err != nil {
		return nil, err
	}
	if cache := c.opts.Cache; cache != nil {
		// A cache that cannot be written costs quota on the next run, not
		// this one's results: keep the profiles, report the first failure.
		var cacheErr error
		note := func(err error) {
			if cacheErr == nil {
				cacheErr = err
			}
		}
		gotID, gotName := map[string]bool{}, map[string]bool{}
		for _, p := range ps {
			gotID[p.ID] = true
			gotName[strings.ToLower(p.ScreenName)] = true
			note(cache.Put(p))
		}
		for _, id := range ids {
			if !gotID[id] {
				note(cache.PutMissing(id, ""))
			}
		}
		for _, n := range names {
			if !gotName[strings.ToLower(n)] {
				note(cache.PutMissing("", n))
			}
		}
		if cacheErr != nil {
			return ps, cacheErr
		}
	}
	return ps, nil
}

func dedupe(in []string, fold bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		k := s
		if fold {
			k = strings.ToLower(s)
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
