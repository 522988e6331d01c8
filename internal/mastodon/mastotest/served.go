package mastotest

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
)

// Route is one route of the fake that answered requests: Method and Path
// as in its pattern, with path parameters written :name
// ("/api/v1/accounts/:id/follow"), the notation of the client's endpoint
// table.
type Route struct {
	Method, Path string
	// Scopes Mastodon accepts for the route (any one suffices); empty when
	// it needs none.
	Scopes []string
	// Token: the route wants a token (always or when one is sent), or a
	// request to it carried one. Routes without are OAuth and discovery,
	// which the client calls before it has a token.
	Token bool
	// Unknown: the fake has no such route and answered 404; Path is then
	// the request's own path.
	Unknown bool
}

func (r Route) String() string { return r.Method + " " + r.Path }

// routeLog is a set of routes, safe for concurrent use.
type routeLog struct {
	mu      sync.Mutex
	routes  map[string]*Route // "METHOD /path" → route
	unknown int               // entries with Unknown set
}

// maxUnknown bounds the paths kept for requests to routes the fake lacks:
// known routes are a fixed set, but a fuzzer requests endless paths, and
// a few name the problem well enough.
const maxUnknown = 20

// served records, for the whole test process, every route any Server
// answered: a test binary's TestMain checks them all once its tests are
// done (CheckRoutes), whichever test and server made them.
var served routeLog

// record notes the route a request reached, before faults, throttles and
// access checks decide its answer: the client made that request either way.
func (s *Server) record(r *http.Request) { served.add(s.routeOf(r)) }

func (s *Server) routeOf(r *http.Request) Route {
	_, pattern := s.mux.Handler(r)
	rule, known := s.rules[pattern]
	rt := Route{Method: r.Method, Path: r.URL.Path, Unknown: !known || path.Clean(r.URL.Path) != r.URL.Path}
	if !rt.Unknown {
		method, p, _ := strings.Cut(pattern, " ")
		rt.Method, rt.Path = method, colonParams(p)
		rt.Scopes = rule.scopes
		rt.Token = rule.token || rule.lenient
	}
	if r.Header.Get("Authorization") != "" || r.URL.Query().Has("access_token") {
		rt.Token = true
	}
	return rt
}

func (l *routeLog) add(rt Route) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if old, ok := l.routes[rt.String()]; ok {
		old.Token = old.Token || rt.Token
		return
	}
	if rt.Unknown {
		if l.unknown >= maxUnknown {
			return
		}
		l.unknown++
	}
	if l.routes == nil {
		l.routes = map[string]*Route{}
	}
	l.routes[rt.String()] = &rt
}

// list returns copies of the routes, sorted by path and method.
func (l *routeLog) list() []Route {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Route, 0, len(l.routes))
	for _, r := range l.routes {
		c := *r
		c.Scopes = slices.Clone(r.Scopes)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Route) int {
		return strings.Compare(a.Path+" "+a.Method, b.Path+" "+b.Method)
	})
	return out
}

// colonParams rewrites ServeMux wildcards ({id}) as :id.
func colonParams(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = ":" + strings.TrimSuffix(s[1:len(s)-1], "...")
		}
	}
	return strings.Join(segs, "/")
}

// ServedRoutes returns every route any Server in this process has answered
// so far, sorted by path and method.
func ServedRoutes() []Route { return served.list() }

// Unlisted returns the served routes that listed does not know: routes
// reached with a token or that want one (so every call whose scope
// matters), and routes the fake does not have at all, whose rules no
// test checks. Open routes reached without a token (OAuth, app
// registration, discovery) need no row.
func Unlisted(listed func(method, path string) bool) []Route {
	return unlisted(ServedRoutes(), listed)
}

func unlisted(routes []Route, listed func(method, path string) bool) []Route {
	var out []Route
	for _, r := range routes {
		if r.Unknown || r.Token && !listed(r.Method, r.Path) {
			out = append(out, r)
		}
	}
	return out
}

// TestingM is what a TestMain runs: *testing.M, or testscript's.
type TestingM interface{ Run() int }

// CheckRoutes wraps a TestMain's m so that a test run whose tests pass
// fails when they made a request Unlisted reports: a call to an endpoint
// missing from the client's table of endpoints and scopes, which login
// would then not ask a scope for, while tests with broad tokens pass.
//
//	func TestMain(m *testing.M) {
//		os.Exit(mastotest.CheckRoutes(m, listed).Run())
//	}
func CheckRoutes(m TestingM, listed func(method, path string) bool) TestingM {
	return routeCheck{m: m, listed: listed, routes: ServedRoutes, w: os.Stderr}
}

type routeCheck struct {
	m      TestingM
	listed func(method, path string) bool
	routes func() []Route
	w      io.Writer
}

func (c routeCheck) Run() int {
	code := c.m.Run()
	if code != 0 {
		return code
	}
	return reportUnlisted(c.w, unlisted(c.routes(), c.listed))
}

// reportUnlisted explains each unlisted route and returns the exit code.
func reportUnlisted(w io.Writer, bad []Route) int {
	if len(bad) == 0 {
		return 0
	}
	fmt.Fprintln(w, "FAIL: the tests passed, but made requests to endpoints missing from mastodon.Endpoints:")
	for _, r := range bad {
		switch {
		case r.Unknown:
			fmt.Fprintf(w, "\t%s: mastotest has no such route; add it to mastotest with Mastodon's scope, then a row to mastodon.Endpoints\n", r)
		case len(r.Scopes) == 0:
			fmt.Fprintf(w, "\t%s (needs no scope): add a row with scope \"\" to mastodon.Endpoints\n", r)
		default:
			fmt.Fprintf(w, "\t%s (Mastodon wants %s): add a row with its scope to mastodon.Endpoints\n", r, strings.Join(r.Scopes, " or "))
		}
	}
	fmt.Fprintln(w, "The table (internal/mastodon/scopes.go) is what `fledge login` asks scopes for and what each step's pre-check names.")
	return 1
}
