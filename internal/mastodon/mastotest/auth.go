package mastotest

import (
	"net/http"
	"slices"
	"strings"
)

// access describes who may call a route.
type access struct {
	token   bool     // a valid token is required
	user    bool     // the token must belong to a user
	scopes  []string // any one of these scopes suffices
	lenient bool     // a token is optional, but an invalid one is refused
}

var open = access{}

func need(user bool, scopes ...string) access {
	return access{token: true, user: user, scopes: scopes}
}

func optional(scopes ...string) access { return access{lenient: true, scopes: scopes} }

// lookupAccess: Mastodon's lookup works without a token, GoToSocial's
// answers 401 (mastodon-api.md §2.4).
func (s *Server) lookupAccess() access {
	if s.opts.gts() {
		return need(false, "read:accounts")
	}
	return optional("read:accounts")
}

// token is an OAuth access token.
type token struct {
	value   string
	app     *app
	account *account // nil for client_credentials tokens
	scopes  []string
	revoked bool
}

// authenticate resolves the bearer token (header or access_token param).
// Must be called with s.mu held.
func (s *Server) authenticate(c *call) {
	v := ""
	if h := c.r.Header.Get("Authorization"); h != "" {
		if after, ok := strings.CutPrefix(h, "Bearer "); ok {
			v = strings.TrimSpace(after)
		} else {
			c.badToken = true
			return
		}
	} else {
		v = c.r.URL.Query().Get("access_token")
	}
	if v == "" {
		return
	}
	t := s.tokens[v]
	if t == nil || t.revoked {
		c.badToken = true
		return
	}
	c.tok, c.user = t, t.account
}

// allowed enforces a route's access rule and answers when it fails.
func (s *Server) allowed(c *call, a access) bool {
	guarded := a.token || a.lenient
	if c.tok != nil && c.tok.revoked { // revoked while the request was in flight
		c.tok, c.user, c.badToken = nil, nil, true
	}
	switch {
	case guarded && c.badToken, a.token && c.tok == nil:
		writeJSON(c.w, http.StatusUnauthorized, map[string]string{"error": "The access token is invalid"})
		return false
	case a.user && c.user == nil:
		s.fail(c, http.StatusUnprocessableEntity, "This method requires an authenticated user")
		return false
	case c.tok != nil && len(a.scopes) > 0 && !scopesAllow(c.tok.scopes, a.scopes):
		s.fail(c, http.StatusForbidden, "This action is outside the authorized scopes")
		return false
	}
	return true
}

// scopesAllow reports whether granted covers any of the wanted scopes.
// "read" and "write" cover their granular children; the deprecated
// "follow" covers read/write of blocks, follows and mutes.
func scopesAllow(granted, wanted []string) bool {
	for _, w := range wanted {
		for _, g := range granted {
			if scopeCovers(g, w) {
				return true
			}
		}
	}
	return false
}

func scopeCovers(g, w string) bool {
	if g == w {
		return true
	}
	parent, _, granular := strings.Cut(w, ":")
	if granular && g == parent {
		return true
	}
	if g == "follow" {
		return slices.Contains([]string{"read:blocks", "read:follows", "read:mutes", "write:blocks", "write:follows", "write:mutes"}, w)
	}
	return false
}

// allScopes lists every scope the server accepts.
var allScopes = []string{
	"read", "write", "follow", "push", "profile",
	"read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters", "read:follows",
	"read:lists", "read:mutes", "read:notifications", "read:search", "read:statuses",
	"write:accounts", "write:blocks", "write:bookmarks", "write:conversations", "write:favourites",
	"write:filters", "write:follows", "write:lists", "write:media", "write:mutes",
	"write:notifications", "write:reports", "write:statuses",
}

// parseScopes splits a space- or plus-separated scope string and rejects
// unknown scopes.
func parseScopes(v string) ([]string, bool) {
	fields := strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '+' || r == ',' })
	for _, f := range fields {
		if !slices.Contains(allScopes, f) {
			return nil, false
		}
	}
	return fields, true
}

func subsetOf(want, have []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
