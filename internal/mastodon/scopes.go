package mastodon

import (
	"slices"
	"strings"
)

// Endpoint is one API call fledge makes and the OAuth scope Mastodon
// (≥ 4.3, granular scopes) requires for it. The table below is the one
// place that says which scopes fledge needs: GranularScopes, what `fledge
// login` asks for, is computed from it, so a new call cannot be forgotten
// in the login's list without a test failing.
type Endpoint struct {
	Method, Path string // Path with :id for path parameters
	Scope        string // "" when no token is needed
}

// Endpoints are every call the client makes with a token, with the scope
// Mastodon documents for it (mastodon-api.md §2.11; app/controllers/api).
var Endpoints = []Endpoint{
	{"GET", "/api/v1/accounts/verify_credentials", ScopeReadAccounts},
	{"GET", "/api/v1/accounts/lookup", ScopeReadAccounts},
	{"GET", "/api/v1/accounts/:id", ScopeReadAccounts},
	{"GET", "/api/v1/accounts/:id/following", ScopeReadAccounts},
	{"GET", "/api/v1/accounts/:id/followers", ScopeReadAccounts},
	{"GET", "/api/v1/accounts/:id/statuses", "read:statuses"},
	{"GET", "/api/v1/accounts/relationships", "read:follows"},
	{"GET", "/api/v2/search", "read:search"},
	{"GET", "/api/v1/blocks", "read:blocks"},
	{"GET", "/api/v1/mutes", "read:mutes"},
	{"GET", "/api/v1/lists", "read:lists"},
	{"GET", "/api/v1/lists/:id/accounts", "read:lists"},
	{"PATCH", "/api/v1/accounts/update_credentials", ScopeWriteAccounts},
	{"POST", "/api/v1/accounts/:id/follow", "write:follows"},
	{"POST", "/api/v1/accounts/:id/block", "write:blocks"},
	{"POST", "/api/v1/accounts/:id/mute", "write:mutes"},
	{"POST", "/api/v1/lists", "write:lists"},
	{"POST", "/api/v1/lists/:id/accounts", "write:lists"},
	{"POST", "/api/v1/statuses", "write:statuses"},
	{"DELETE", "/api/v1/statuses/:id", "write:statuses"},
	{"POST", "/api/v2/media", "write:media"},
	{"POST", "/api/v1/media", "write:media"},
	{"GET", "/api/v1/media/:id", "write:media"},
	{"PUT", "/api/v1/media/:id", "write:media"},
	{"GET", "/api/v1/instance", ""},
	{"GET", "/api/v2/instance", ""},
	// Any valid token may ask for its app (Mastodon ≥ 4.3); older
	// servers want "read" and GoToSocial has no such route: AppScopes
	// treats a refusal as "the server does not say".
	{"GET", "/api/v1/apps/verify_credentials", ""},
}

// Scopes named by the CLI's checks before a step starts.
const (
	ScopeReadAccounts  = "read:accounts"
	ScopeWriteAccounts = "write:accounts"
)

// GranularScopes are exactly what fledge uses, computed from Endpoints,
// sorted. Requested only from servers that advertise every one of them.
var GranularScopes = endpointScopes()

func endpointScopes() []string {
	var out []string
	for _, e := range Endpoints {
		if e.Scope != "" && !slices.Contains(out, e.Scope) {
			out = append(out, e.Scope)
		}
	}
	slices.Sort(out)
	return out
}

// Listed says whether an endpoint is a row of Endpoints (the question
// mastotest.CheckRoutes asks of every route the tests reached).
func Listed(method, path string) bool {
	_, ok := ScopeFor(method, path)
	return ok
}

// ScopeFor is the scope an endpoint needs; ok is false for an endpoint
// missing from the table.
func ScopeFor(method, path string) (scope string, ok bool) {
	for _, e := range Endpoints {
		if e.Method == method && e.Path == path {
			return e.Scope, true
		}
	}
	return "", false
}

// ScopesAllow reports whether granted scopes cover want as Mastodon
// checks them: "read" and "write" cover their "read:…" and "write:…"
// children; the deprecated "follow" covers read and write of blocks,
// follows and mutes. An empty want needs nothing.
func ScopesAllow(granted []string, want string) bool {
	if want == "" {
		return true
	}
	parent, _, granular := strings.Cut(want, ":")
	for _, g := range granted {
		switch {
		case g == want, granular && g == parent:
			return true
		case g == "follow" && slices.Contains(followScopes, want):
			return true
		}
	}
	return false
}

var followScopes = []string{"read:blocks", "read:follows", "read:mutes", "write:blocks", "write:follows", "write:mutes"}

// MissingScopes lists the wanted scopes that granted does not cover.
func MissingScopes(granted []string, want ...string) []string {
	var out []string
	for _, w := range want {
		if !ScopesAllow(granted, w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}
