package mastotest

import (
	"fmt"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestRouteOf(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, c := range []struct {
		method, target, auth string
		want                 Route
	}{
		{"GET", "/api/v1/statuses/5", "Bearer x", Route{Method: "GET", Path: "/api/v1/statuses/:id", Scopes: []string{"read:statuses"}, Token: true}},
		// A token-optional route counts even when called without one.
		{"GET", "/api/v1/accounts/5/statuses", "", Route{Method: "GET", Path: "/api/v1/accounts/:id/statuses", Scopes: []string{"read:statuses"}, Token: true}},
		{"POST", "/api/v1/accounts/5/follow", "Bearer x", Route{Method: "POST", Path: "/api/v1/accounts/:id/follow", Scopes: []string{"write:follows", "follow"}, Token: true}},
		{"PATCH", "/api/v1/accounts/update_credentials", "", Route{Method: "PATCH", Path: "/api/v1/accounts/update_credentials", Scopes: []string{"write:accounts"}, Token: true}},
		{"GET", "/api/v1/instance", "", Route{Method: "GET", Path: "/api/v1/instance"}},
		{"GET", "/.well-known/nodeinfo", "", Route{Method: "GET", Path: "/.well-known/nodeinfo"}},
		{"GET", "/.well-known/nodeinfo?access_token=x", "", Route{Method: "GET", Path: "/.well-known/nodeinfo", Token: true}},
		{"POST", "/oauth/token", "", Route{Method: "POST", Path: "/oauth/token"}},
		{"GET", "/api/v1/nope", "", Route{Method: "GET", Path: "/api/v1/nope", Unknown: true}},
		{"GET", "/api/v1//lists", "Bearer x", Route{Method: "GET", Path: "/api/v1//lists", Unknown: true, Token: true}},
		{"PUT", "/api/v1/lists", "", Route{Method: "PUT", Path: "/api/v1/lists", Unknown: true}},
	} {
		r := httptest.NewRequest(c.method, c.target, nil)
		if c.auth != "" {
			r.Header.Set("Authorization", c.auth)
		}
		if got := s.routeOf(r); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s (%q): got %+v, want %+v", c.method, c.target, c.auth, got, c.want)
		}
	}
}

func TestColonParams(t *testing.T) {
	for in, want := range map[string]string{
		"/api/v1/lists":               "/api/v1/lists",
		"/api/v1/accounts/{id}":       "/api/v1/accounts/:id",
		"/users/{name}":               "/users/:name",
		"/api/v1/lists/{id}/accounts": "/api/v1/lists/:id/accounts",
		"/files/{rest...}":            "/files/:rest",
	} {
		if got := colonParams(in); got != want {
			t.Errorf("colonParams(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUnlisted: a route reached once without and once with a token counts
// as reached with one; open routes reached without a token, and listed
// routes, are not reported; unknown routes always are.
func TestUnlisted(t *testing.T) {
	var l routeLog
	l.add(Route{Method: "GET", Path: "/.well-known/nodeinfo"})
	l.add(Route{Method: "POST", Path: "/oauth/token"})
	l.add(Route{Method: "GET", Path: "/.well-known/nodeinfo", Token: true})
	l.add(Route{Method: "GET", Path: "/api/v1/lists", Scopes: []string{"read:lists"}, Token: true})
	l.add(Route{Method: "GET", Path: "/api/v1/statuses/:id", Scopes: []string{"read:statuses"}, Token: true})
	l.add(Route{Method: "GET", Path: "/api/v1/nope", Unknown: true})
	listed := func(method, path string) bool { return method == "GET" && path == "/api/v1/lists" }
	var got []string
	for _, r := range unlisted(l.list(), listed) {
		got = append(got, r.String())
	}
	want := []string{"GET /.well-known/nodeinfo", "GET /api/v1/nope", "GET /api/v1/statuses/:id"}
	if !slices.Equal(got, want) {
		t.Errorf("unlisted = %q, want %q", got, want)
	}
	for i := range 2 * maxUnknown {
		l.add(Route{Method: "GET", Path: fmt.Sprintf("/fuzzed/%d", i), Unknown: true})
	}
	if n := len(unlisted(l.list(), listed)); n != len(want)+maxUnknown-1 {
		t.Errorf("after many unknown paths: %d unlisted, want the first %d unknown kept", n, maxUnknown)
	}
}

// TestServedRoutesRecordsRequests: a request through the server lands in
// the process-wide record, faulted or not. Other tests add routes in
// parallel, so only containment is checked.
func TestServedRoutesRecordsRequests(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	s.FailNext(1, 500)
	do(t, s, alice.Token, "DELETE", "/api/v1/lists/7/accounts", nil)
	for _, r := range ServedRoutes() {
		if r.String() == "DELETE /api/v1/lists/:id/accounts" {
			if !r.Token || !slices.Equal(r.Scopes, []string{"write:lists"}) {
				t.Errorf("recorded %+v", r)
			}
			return
		}
	}
	t.Errorf("DELETE /api/v1/lists/:id/accounts not in ServedRoutes: %v", ServedRoutes())
}

type exitM int

func (m exitM) Run() int { return int(m) }

func TestCheckRoutes(t *testing.T) {
	routes := func() []Route {
		return []Route{
			{Method: "GET", Path: "/api/v1/lists", Scopes: []string{"read:lists"}, Token: true},
			{Method: "POST", Path: "/api/v1/accounts/:id/unfollow", Scopes: []string{"write:follows", "follow"}, Token: true},
			{Method: "GET", Path: "/api/v1/nope", Unknown: true},
		}
	}
	listed := func(method, path string) bool { return path == "/api/v1/lists" }
	var out strings.Builder
	if code := (routeCheck{m: exitM(0), listed: listed, routes: routes, w: &out}).Run(); code != 1 {
		t.Errorf("unlisted routes: exit %d, want 1", code)
	}
	for _, want := range []string{
		"POST /api/v1/accounts/:id/unfollow (Mastodon wants write:follows or follow): add a row with its scope to mastodon.Endpoints",
		"GET /api/v1/nope: mastotest has no such route",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "/api/v1/lists ") {
		t.Errorf("report names a listed route:\n%s", out.String())
	}
	out.Reset()
	if code := (routeCheck{m: exitM(2), listed: listed, routes: routes, w: &out}).Run(); code != 2 || out.Len() != 0 {
		t.Errorf("failing tests: exit %d, report %q; want the tests' own exit 2 and no report", code, out.String())
	}
	if code := (routeCheck{m: exitM(0), listed: func(string, string) bool { return true }, routes: func() []Route { return routes()[:2] }, w: &out}).Run(); code != 0 || out.Len() != 0 {
		t.Errorf("all listed: exit %d, report %q", code, out.String())
	}
}
