package mastotest

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"
)

// Server is an in-process fake Mastodon or GoToSocial server. All methods
// are safe for concurrent use.
type Server struct {
	opts Options
	ts   *httptest.Server
	mux  *http.ServeMux
	base string // scheme://host:port, no trailing slash

	mu        sync.Mutex
	ids       *idGen
	rng       *rand.Rand // tokens and secrets
	accounts  map[string]*account
	byAcct    map[string]*account // lower-case acct → account
	locals    []*account
	tokens    map[string]*token
	apps      map[string]*app
	codes     map[string]*authCode
	statuses  map[string]*status
	scheduled map[string]*scheduled
	published map[string]string // scheduled id → status id
	media     map[string]*media
	lists     map[string]*list
	lim       *limiter
	faults    faultState
	busyFor   time.Duration // SetBusy: answer 503 with this Retry-After
	log       requestLog
	rules     map[string]access // route pattern → its access rule, fixed by New

	handleHosts []*httptest.Server
}

// New starts a server. Close it when done.
func New(opts Options) *Server {
	s := &Server{
		opts:      opts.withDefaults(),
		mux:       http.NewServeMux(),
		ids:       newIDGen(),
		accounts:  make(map[string]*account),
		byAcct:    make(map[string]*account),
		tokens:    make(map[string]*token),
		apps:      make(map[string]*app),
		codes:     make(map[string]*authCode),
		statuses:  make(map[string]*status),
		scheduled: make(map[string]*scheduled),
		published: make(map[string]string),
		media:     make(map[string]*media),
		lists:     make(map[string]*list),
		lim:       newLimiter(),
		rules:     make(map[string]access),
	}
	s.rng = rand.New(rand.NewPCG(s.opts.Seed, 0x6d6173746f))
	s.log.max = s.opts.MaxLog
	s.routes()
	s.ts = httptest.NewUnstartedServer(s)
	if s.opts.TLS {
		s.ts.StartTLS()
	} else {
		s.ts.Start()
	}
	s.base = s.ts.URL
	if s.opts.Domain == "" {
		u, _ := url.Parse(s.ts.URL)
		s.opts.Domain = u.Host
	}
	return s
}

// URL is the base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.base }

// Client returns an HTTP client that trusts the server's certificate.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Domain is the WebFinger domain of local accounts.
func (s *Server) Domain() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts.Domain
}

// Close shuts the server (and any handle host) down and drops open
// connections.
func (s *Server) Close() {
	s.mu.Lock()
	hosts := s.handleHosts
	s.handleHosts = nil
	s.mu.Unlock()
	for _, h := range append(hosts, s.ts) {
		h.CloseClientConnections()
		h.Close()
	}
}

func (s *Server) now() time.Time { return s.opts.Now().UTC() }

type ctxKey struct{}

// call carries one request through the middleware and a handler.
type call struct {
	w        http.ResponseWriter
	r        *http.Request
	p        *params
	tok      *token
	badToken bool
	user     *account
	rack     []rlState
	family   *rlState
	api      bool
}

// ServeHTTP runs the middleware: faults, token, throttles, routing, then
// rate-limit headers and the request log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	entry := RequestLog{Time: start, Method: r.Method, Path: redactedPath(r.URL), IdempotencyKey: r.Header.Get("Idempotency-Key")}
	logged := false
	record := func() {
		if !logged {
			logged = true
			s.appendLog(entry)
		}
	}
	// The entry goes into the log before the client can see any answer or
	// the dropped connection, so whoever saw the answer finds the entry.
	defer record()
	w = &logFirst{ResponseWriter: w, record: record}
	s.record(r)

	f := s.decideFault(r)
	entry.Fault = f.kind
	if f.kind != "" && !s.applyFaultBefore(w, r, f, &entry) {
		return
	}

	c := &call{r: r, api: strings.HasPrefix(r.URL.Path, "/api/")}
	s.mu.Lock()
	s.authenticate(c)
	if c.user != nil {
		entry.Account = c.user.username
	}
	blocked, st := s.throttle(c)
	busy := s.busyFor
	s.mu.Unlock()
	if blocked {
		s.setRateHeaders(w.Header(), st)
		entry.Status = http.StatusTooManyRequests
		s.writeTooMany(w)
		return
	}
	if busy > 0 {
		// Counted by the rate limiter first, as GoToSocial's limiter runs
		// before its throttle.
		if best, ok := closest(c.rack); ok {
			s.setRateHeaders(w.Header(), best)
		}
		entry.Status = http.StatusServiceUnavailable
		s.writeBusy(w, busy)
		return
	}

	bw := newBufWriter()
	// ServeMux answers an unclean path (//, /./) with an HTML redirect;
	// an API server answers JSON, so such paths are simply not found.
	if _, pattern := s.mux.Handler(r); pattern == "" || path.Clean(r.URL.Path) != r.URL.Path {
		writeJSON(bw, http.StatusNotFound, errBody(s, http.StatusNotFound, "Record not found"))
	} else {
		s.mux.ServeHTTP(bw, r.WithContext(context.WithValue(r.Context(), ctxKey{}, c)))
	}
	if c.api || s.opts.gts() {
		best, ok := closest(c.rack)
		// A follow or a post shows its family's counter unless a rack
		// throttle has fewer requests left: at a tie the family's
		// (override_rate_limit_headers in rate_limit_headers.rb).
		if f := c.family; f != nil && (!ok || f.remaining <= best.remaining) {
			best, ok = *f, true
		}
		if ok {
			s.setRateHeaders(bw.h, best)
		}
	}
	entry.Status = bw.code()
	if f.kind == faultDropAfter {
		entry.Status = 0
		dropConn(w)
		return
	}
	bw.flushTo(w)
}

// route registers a handler with its access rule. Bodies are parsed before
// the state lock is taken so slow uploads never block other requests.
func (s *Server) route(pattern string, a access, h func(*call)) {
	s.rules[pattern] = a
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Context().Value(ctxKey{}).(*call)
		if c == nil {
			c = &call{}
		}
		c.w, c.r = w, r
		p, err := parseParams(r, s.maxUpload())
		if err != nil {
			s.fail(c, http.StatusBadRequest, err.Error())
			return
		}
		c.p = p
		s.mu.Lock()
		defer s.mu.Unlock()
		s.publishDue()
		if !s.allowed(c, a) {
			return
		}
		h(c)
	})
}

func (s *Server) maxUpload() int64 {
	return max(s.opts.Instance.ImageSizeLimit, s.opts.Instance.VideoSizeLimit) + 1
}

func (s *Server) routes() {
	// OAuth and discovery.
	s.route("POST /api/v1/apps", open, s.createApp)
	s.route("GET /api/v1/apps/verify_credentials", need(false), s.verifyApp)
	s.route("GET /oauth/authorize", open, s.authorizePage)
	s.route("GET /oauth/authorize/native", open, s.nativeCodePage)
	s.route("GET /oauth/oob", open, s.nativeCodePage)
	s.route("POST /oauth/token", open, s.issueToken)
	s.route("POST /oauth/revoke", open, s.revoke)
	s.route("GET /.well-known/oauth-authorization-server", open, s.oauthMetadata)
	s.route("GET /.well-known/nodeinfo", open, s.nodeinfoIndex)
	s.route("GET /nodeinfo/2.0", open, s.nodeinfo)
	s.route("GET /.well-known/webfinger", open, s.webfinger)
	s.route("GET /.well-known/host-meta", open, s.hostMeta)
	s.route("GET /users/{name}", open, s.actor)
	s.route("GET /api/v1/instance", open, s.instanceV1)
	s.route("GET /api/v2/instance", open, s.instanceV2)

	// Accounts.
	s.route("GET /api/v1/accounts/verify_credentials", need(true, "read:accounts", "profile"), s.verifyCredentials)
	s.route("GET /api/v1/accounts/lookup", s.lookupAccess(), s.lookup)
	s.route("GET /api/v2/search", optional("read:search"), s.search)
	s.route("GET /api/v1/accounts/search", need(true, "read:accounts"), s.search) // token and user required, unlike v2
	s.route("GET /api/v1/accounts/relationships", need(true, "read:follows"), s.relationships)
	s.route("GET /api/v1/accounts/{id}", optional("read:accounts"), s.getAccount)
	s.route("GET /api/v1/accounts/{id}/following", optional("read:accounts"), s.listFollowing)
	s.route("GET /api/v1/accounts/{id}/followers", optional("read:accounts"), s.listFollowers)
	s.route("GET /api/v1/accounts/{id}/statuses", optional("read:statuses"), s.accountStatuses)
	s.profileRoutes() // PATCH /api/v1/accounts/update_credentials (profile_update.go)

	// Follows, blocks, mutes.
	s.route("POST /api/v1/accounts/{id}/follow", need(true, "write:follows", "follow"), s.follow)
	s.route("POST /api/v1/accounts/{id}/unfollow", need(true, "write:follows", "follow"), s.unfollow)
	s.route("POST /api/v1/accounts/{id}/block", need(true, "write:blocks", "follow"), s.block)
	s.route("POST /api/v1/accounts/{id}/unblock", need(true, "write:blocks", "follow"), s.unblock)
	s.route("POST /api/v1/accounts/{id}/mute", need(true, "write:mutes", "follow"), s.mute)
	s.route("POST /api/v1/accounts/{id}/unmute", need(true, "write:mutes", "follow"), s.unmute)
	s.route("GET /api/v1/blocks", need(true, "read:blocks", "follow"), s.listBlocks)
	s.route("GET /api/v1/mutes", need(true, "read:mutes", "follow"), s.listMutes)

	// Lists.
	s.route("GET /api/v1/lists", need(true, "read:lists"), s.getLists)
	s.route("POST /api/v1/lists", need(true, "write:lists"), s.createList)
	s.route("GET /api/v1/lists/{id}/accounts", need(true, "read:lists"), s.listAccounts)
	s.route("POST /api/v1/lists/{id}/accounts", need(true, "write:lists"), s.addListAccounts)
	s.route("DELETE /api/v1/lists/{id}/accounts", need(true, "write:lists"), s.removeListAccounts)

	// Statuses and media.
	s.route("POST /api/v1/statuses", need(true, "write:statuses"), s.postStatus)
	s.route("GET /api/v1/statuses/{id}", optional("read:statuses"), s.getStatus)
	s.route("DELETE /api/v1/statuses/{id}", need(true, "write:statuses"), s.deleteStatus)
	s.route("POST /api/v2/media", need(true, "write:media"), s.uploadMediaV2)
	s.route("POST /api/v1/media", need(true, "write:media"), s.uploadMediaV1)
	s.route("GET /api/v1/media/{id}", need(true, "write:media"), s.getMedia)
	s.route("PUT /api/v1/media/{id}", need(true, "write:media"), s.updateMedia)
}

func redactedPath(u *url.URL) string {
	q := u.Query()
	if q.Has("access_token") {
		q.Set("access_token", "REDACTED")
	}
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}
