package mastodon

import (
	"context"
	"errors"
	"net/http"
)

// AppScopes asks the server which scopes the token's app was registered
// with (GET /api/v1/apps/verify_credentials, whose Application has
// "scopes" since Mastodon 4.3). A token's scopes are a subset of its
// app's, so a scope missing here is missing from the token; one present
// here may still be missing from the token.
//
// known is false when the server does not say: Mastodon before 4.3
// answers without scopes (or refuses a token without "read"),
// GoToSocial has no such route (404). Only a refused token (ErrAuth
// with 401) and failures to reach the server are errors; a 403 is taken
// as "does not say", since older Mastodon wants the "read" scope here.
func (c *Client) AppScopes(ctx context.Context) (scopes []string, known bool, err error) {
	var app struct {
		Scopes *[]string `json:"scopes"`
	}
	_, err = c.call(ctx, http.MethodGet, "/api/v1/apps/verify_credentials", nil, nil, &app)
	var pe *PermanentError
	switch {
	case errors.As(err, &pe) && pe.Status != http.StatusUnauthorized, errors.Is(err, ErrNotMastodon):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	case app.Scopes == nil:
		return nil, false, nil
	}
	return *app.Scopes, true, nil
}
