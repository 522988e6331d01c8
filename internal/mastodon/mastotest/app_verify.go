package mastotest

import (
	"net/http"
	"strings"
)

// verifyApp answers GET /api/v1/apps/verify_credentials as each server
// does. Mastodon ≥ 4.3 accepts any valid token and returns the
// Application with its registered scopes (a token's scopes are a subset
// of them); older Mastodon wants the "read" scope and returns only the
// name, website and vapid_key. GoToSocial has no such route: it reads
// "verify_credentials" as the id of an app (GET /api/v1/apps/{id}, 0.19+)
// and finds none.
func (s *Server) verifyApp(c *call) {
	switch {
	case s.opts.gts():
		s.fail(c, http.StatusNotFound, "app not found")
		return
	case !versionAtLeast(s.opts.Version, 4, 3):
		if !s.allowed(c, need(false, "read")) {
			return
		}
		a := c.tok.app
		writeJSON(c.w, http.StatusOK, map[string]any{"name": a.name, "website": nilIfEmpty(a.website), "vapid_key": "BMastotestVapidKey"})
		return
	}
	a := c.tok.app
	writeJSON(c.w, http.StatusOK, map[string]any{
		"id": a.id, "name": a.name, "website": nilIfEmpty(a.website), "scopes": a.scopes,
		"redirect_uri": strings.Join(a.redirectURIs, "\n"), "redirect_uris": a.redirectURIs,
		"vapid_key": "BMastotestVapidKey",
	})
}
