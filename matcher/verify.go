package matcher

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fledge-cli/fledge/internal/safehttp"
)

// Defaults for VerifyOptions fields left zero.
const (
	DefaultConcurrency      = 64
	DefaultPerHost          = 2
	DefaultMinInterval      = 50 * time.Millisecond
	DefaultMaxRetryAfter    = 2 * time.Minute
	DefaultBreakerThreshold = 5
	DefaultBreakerCooldown  = 10 * time.Minute
	maxMoveDepth            = 5
)

// VerifyOptions configures a Verifier.
type VerifyOptions struct {
	// Client should come from safehttp.NewClient; nil builds one with the
	// safe defaults. Its redirect policy is replaced: the Verifier follows
	// redirects itself so each hop is rate limited.
	Client *http.Client
	// Cache is optional; nil disables caching.
	Cache *Cache
	// Concurrency caps requests in flight overall, PerHost per host.
	Concurrency, PerHost int
	// MinInterval is the least time between two request starts on a host.
	MinInterval time.Duration
	// Searcher is the user's own server (optional): used when a server
	// refuses unsigned actor fetches.
	Searcher AccountSearcher
	// Refresh ignores cached results (they are still rewritten).
	Refresh bool
	// AllowPrivate and TrustProxyNames say how Client's guard is set
	// (safehttp.Options AllowPrivate, and ProxyNames trust). A cached
	// refusal the guard would no longer make is ignored, so
	// --allow-private-network takes effect without --refresh.
	AllowPrivate, TrustProxyNames bool
	// OnRefusal, if set, is called for each handle whose verification the
	// guard refused (fresh or from the cache), from the verifying
	// goroutines, so it must be safe for concurrent use.
	OnRefusal func(Refusal)
	// Now is the clock for cache lifetimes; nil means time.Now.
	Now func() time.Time
	// MaxRetryAfter is the longest 429 Retry-After we wait for; longer
	// ones make the request fail as unreachable.
	MaxRetryAfter time.Duration
	// BreakerThreshold consecutive failures open a host's circuit for
	// BreakerCooldown.
	BreakerThreshold int
	BreakerCooldown  time.Duration
}

// Verification is the outcome of verifying one handle.
type Verification struct {
	Handle  string // canonical @user@domain from the WebFinger subject
	Status  Status
	MovedTo string // final @user@domain of a movedTo chain
	Actor   *Actor // nil when the actor could not be read
	Err     error  // why the status is not verified/confirmed, when known
	Reason  string // Err in a few words for people (Candidate.Reason)
	Refused bool   // the network guard refused a request on the way
}

// Verifier checks handles with WebFinger and ActivityPub. It is safe for
// concurrent use; its limits apply across all concurrent calls.
type Verifier struct {
	client        *http.Client
	cache         *Cache
	searcher      AccountSearcher
	refresh       bool
	allowPrivate  bool
	trustProxy    bool
	onRefusal     func(Refusal)
	now           func() time.Time
	maxRetryAfter time.Duration
	global        chan struct{}
	limits        *hostLimiter
	stats         verifyCounters
	flight        singleFlight
}

// NewVerifier returns a Verifier with opts, filling defaults.
func NewVerifier(opts VerifyOptions) *Verifier {
	if opts.Client == nil {
		opts.Client = safehttp.NewClient(safehttp.Options{})
	}
	client := *opts.Client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.PerHost <= 0 {
		opts.PerHost = DefaultPerHost
	}
	if opts.MinInterval < 0 {
		opts.MinInterval = 0
	} else if opts.MinInterval == 0 {
		opts.MinInterval = DefaultMinInterval
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if opts.BreakerThreshold <= 0 {
		opts.BreakerThreshold = DefaultBreakerThreshold
	}
	if opts.BreakerCooldown <= 0 {
		opts.BreakerCooldown = DefaultBreakerCooldown
	}
	return &Verifier{
		client:        &client,
		cache:         opts.Cache,
		searcher:      opts.Searcher,
		refresh:       opts.Refresh,
		allowPrivate:  opts.AllowPrivate,
		trustProxy:    opts.TrustProxyNames || opts.AllowPrivate,
		onRefusal:     opts.OnRefusal,
		now:           opts.Now,
		maxRetryAfter: opts.MaxRetryAfter,
		global:        make(chan struct{}, opts.Concurrency),
		limits:        newHostLimiter(opts.PerHost, opts.MinInterval, opts.BreakerThreshold, opts.BreakerCooldown),
	}
}

// Verify checks one handle ("@user@domain" or "user@domain") and, when
// twitterScreenName is given, whether its profile links back to it.
func (v *Verifier) Verify(ctx context.Context, handle, twitterScreenName string) Verification {
	rec := v.resolve(ctx, handle, 0, nil)
	out := Verification{Handle: rec.Handle, Status: rec.Status, MovedTo: rec.MovedTo, Actor: rec.Actor,
		Reason: rec.Reason, Refused: rec.Refused != ""}
	if rec.Err != "" {
		out.Err = errors.New(rec.Err)
	}
	if out.Status == StatusVerified && twitterScreenName != "" && LinksBack(rec.Actor, twitterScreenName) {
		out.Status = StatusConfirmed
	}
	return out
}

// maxInFlight bounds the goroutines VerifyAll starts at once; the request
// limits are enforced in fetch, this only bounds memory.
const maxInFlight = 1024

// VerifyAll verifies every candidate concurrently and returns them with
// Status and MovedTo filled and Handle rewritten to the canonical subject.
// Candidates that become the same handle are merged, keeping the first
// (the input is best first).
func (v *Verifier) VerifyAll(ctx context.Context, cands []Candidate, twitterScreenName string) []Candidate {
	results := make([]Verification, len(cands))
	sem := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	for i := range cands {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = v.Verify(ctx, cands[i].Handle, twitterScreenName)
		}()
	}
	wg.Wait()
	out := make([]Candidate, 0, len(cands))
	seen := make(map[string]bool, len(cands))
	for i, c := range cands {
		r := results[i]
		if r.Handle != "" {
			c.Handle = r.Handle
		}
		c.Status, c.MovedTo, c.Reason, c.refused = r.Status, r.MovedTo, r.Reason, r.Refused
		c.Status = onlineVerdict(c.Form, c.Status, r.Actor)
		key := strings.ToLower(c.Handle)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	return out
}

// VerifyStats counts what verification did, including every kind of
// hostile or broken answer it survived.
type VerifyStats struct {
	Requests      int64 // HTTP requests sent
	CacheHits     int64 // handles answered from the cache
	Blocked       int64 // requests refused by the network guard (private address, or a name only a proxy would resolve)
	Timeouts      int64
	TooLarge      int64 // bodies over the size cap
	BadDocuments  int64 // malformed WebFinger, host-meta or actor documents
	RedirectLimit int64 // redirect loops, too many or insecure redirects
	RateLimited   int64 // 429 answers
	CircuitOpen   int64 // requests skipped because a host's breaker was open
	NetworkErrors int64
	MoveLoops     int64 // movedTo chains that looped or were too deep
	PeakPerHost   int   // most requests ever in flight to one host
}

type verifyCounters struct {
	requests, cacheHits, blocked, timeouts, tooLarge, badDocuments,
	redirectLimit, rateLimited, circuitOpen, networkErrors, moveLoops atomic.Int64
}

// Stats returns the counters so far.
func (v *Verifier) Stats() VerifyStats {
	c := &v.stats
	return VerifyStats{
		Requests: c.requests.Load(), CacheHits: c.cacheHits.Load(), Blocked: c.blocked.Load(),
		Timeouts: c.timeouts.Load(), TooLarge: c.tooLarge.Load(), BadDocuments: c.badDocuments.Load(),
		RedirectLimit: c.redirectLimit.Load(), RateLimited: c.rateLimited.Load(),
		CircuitOpen: c.circuitOpen.Load(), NetworkErrors: c.networkErrors.Load(),
		MoveLoops: c.moveLoops.Load(), PeakPerHost: v.limits.peak(),
	}
}
