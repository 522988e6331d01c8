package mastodon

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// OOBRedirect is the out-of-band redirect URI: instead of redirecting, the
// server shows the authorization code for the user to paste. A CLI has no
// web server to redirect to.
const OOBRedirect = "urn:ietf:wg:oauth:2.0:oob"

// LegacyScopes work everywhere: Mastodon before 4.3, GoToSocial, Pleroma.
// "follow" is deprecated since Mastodon 3.5 but still accepted, and older
// servers need it for blocks and mutes.
var LegacyScopes = []string{"read", "write", "follow"}

// OAuthMetadata is what /.well-known/oauth-authorization-server (RFC 8414,
// Mastodon 4.3+) says about the server's OAuth support.
type OAuthMetadata struct {
	// Found is false when the server has no metadata document (older
	// servers answer 404); the other fields are then empty.
	Found                         bool     `json:"-"`
	ScopesSupported               []string `json:"scopes_supported"`
	CodeChallengeMethodsSupported []string `json:"code_challenge_methods_supported"`
}

// SupportsPKCE reports whether the server accepts S256 code challenges.
func (m OAuthMetadata) SupportsPKCE() bool {
	return slices.Contains(m.CodeChallengeMethodsSupported, "S256")
}

// Scopes picks the scopes to ask for: the granular set when the server
// lists all of it, the legacy set otherwise.
func (m OAuthMetadata) Scopes() []string {
	for _, s := range GranularScopes {
		if !slices.Contains(m.ScopesSupported, s) {
			return slices.Clone(LegacyScopes)
		}
	}
	return slices.Clone(GranularScopes)
}

// DiscoverOAuth reads the server's OAuth metadata. A server without the
// document (404, or a web page in its place) is not an error: it gets
// Found == false and the caller falls back to legacy scopes without
// PKCE. Network and TLS failures are errors.
func (c *Client) DiscoverOAuth(ctx context.Context) (OAuthMetadata, error) {
	var m OAuthMetadata
	err := c.getPublic(ctx, c.server+"/.well-known/oauth-authorization-server", &m)
	switch {
	case err == nil:
		m.Found = true
		return m, nil
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrNotMastodon):
		return OAuthMetadata{}, nil
	case isStatus(err, http.StatusMethodNotAllowed), isStatus(err, http.StatusGone):
		return OAuthMetadata{}, nil
	}
	return OAuthMetadata{}, fmt.Errorf("discover OAuth support: %w", err)
}

func isStatus(err error, status int) bool {
	var pe *PermanentError
	return errors.As(err, &pe) && pe.Status == status
}

// OAuthApp is an application registered on a server: the client
// credentials every later OAuth call needs.
type OAuthApp struct {
	ClientID     string
	ClientSecret string
	Scopes       []string
	RedirectURI  string
}

// String keeps the client secret out of logs.
func (a OAuthApp) String() string {
	return fmt.Sprintf("OAuthApp{client_id %s, scopes %q, redirect %s, secret [REDACTED]}", a.ClientID, a.Scopes, a.RedirectURI)
}

// GoString keeps %#v from printing the secret.
func (a OAuthApp) GoString() string { return a.String() }

// AppRegistration describes the app to register.
type AppRegistration struct {
	Name    string   // shown to the user on the authorization page
	Website string   // optional
	Scopes  []string // every scope the app may ever request
}

// RegisterApp registers an application (POST /api/v1/apps) with the
// out-of-band redirect URI.
func (c *Client) RegisterApp(ctx context.Context, r AppRegistration) (OAuthApp, error) {
	if r.Name == "" || len(r.Scopes) == 0 {
		return OAuthApp{}, errors.New("register app: a name and scopes are required")
	}
	form := url.Values{
		"client_name":   {r.Name},
		"redirect_uris": {OOBRedirect},
		"scopes":        {strings.Join(r.Scopes, " ")},
	}
	if r.Website != "" {
		form.Set("website", r.Website)
	}
	var out struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if _, err := c.callNoAuth(ctx, http.MethodPost, "/api/v1/apps", form, &out); err != nil {
		return OAuthApp{}, fmt.Errorf("register fledge as an app on %s: %w", c.server, err)
	}
	if out.ClientID == "" || out.ClientSecret == "" {
		return OAuthApp{}, &NotMastodonError{URL: c.server + "/api/v1/apps", Status: http.StatusOK,
			Detail: "app registration returned no client_id or client_secret"}
	}
	return OAuthApp{ClientID: out.ClientID, ClientSecret: out.ClientSecret, Scopes: slices.Clone(r.Scopes),
		RedirectURI: OOBRedirect}, nil
}

// PKCE is a proof key for one authorization (RFC 7636, S256).
type PKCE struct {
	Verifier  string
	Challenge string
}

// NewPKCE makes a fresh verifier (32 random bytes, 43 characters) and its
// S256 challenge.
func NewPKCE() (PKCE, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return PKCE{}, fmt.Errorf("make PKCE verifier: %w", err)
	}
	v := base64.RawURLEncoding.EncodeToString(b)
	return PKCE{Verifier: v, Challenge: pkceChallenge(v)}, nil
}

func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AuthorizeURL is the page the user opens to approve fledge. pkce may be
// nil for servers without PKCE support.
func (c *Client) AuthorizeURL(app OAuthApp, scopes []string, pkce *PKCE) string {
	q := url.Values{
		"response_type": {"code"},
		"client_id":     {app.ClientID},
		"redirect_uri":  {cmp.Or(app.RedirectURI, OOBRedirect)},
		"scope":         {strings.Join(scopes, " ")},
	}
	if pkce != nil {
		q.Set("code_challenge", pkce.Challenge)
		q.Set("code_challenge_method", "S256")
	}
	return c.server + "/oauth/authorize?" + q.Encode()
}

// Token is an issued access token.
type Token struct {
	AccessToken string
	Scopes      []string
}

// String keeps the token out of logs.
func (t Token) String() string { return fmt.Sprintf("Token{[REDACTED], scopes %q}", t.Scopes) }

// GoString keeps %#v from printing the token.
func (t Token) GoString() string { return t.String() }

// ExchangeCode trades an authorization code for an access token (POST
// /oauth/token, grant_type=authorization_code), proving the PKCE verifier
// when one was used.
func (c *Client) ExchangeCode(ctx context.Context, app OAuthApp, code string, scopes []string, pkce *PKCE) (Token, error) {
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"client_id":     {app.ClientID},
		"client_secret": {app.ClientSecret},
		"redirect_uri":  {cmp.Or(app.RedirectURI, OOBRedirect)},
		"scope":         {strings.Join(scopes, " ")},
	}
	if pkce != nil {
		form.Set("code_verifier", pkce.Verifier)
	}
	var out struct {
		AccessToken string `json:"access_token"`
		Scope       string `json:"scope"`
	}
	if _, err := c.callNoAuth(ctx, http.MethodPost, "/oauth/token", form, &out); err != nil {
		return Token{}, redactAll(fmt.Errorf("exchange the authorization code for a token: %w", err),
			code, app.ClientSecret)
	}
	if out.AccessToken == "" {
		return Token{}, &NotMastodonError{URL: c.server + "/oauth/token", Status: http.StatusOK,
			Detail: "the token endpoint returned no access_token"}
	}
	return Token{AccessToken: out.AccessToken, Scopes: strings.Fields(out.Scope)}, nil
}

// RevokeToken invalidates token on the server (POST /oauth/revoke).
// Revoking an already revoked token succeeds.
func (c *Client) RevokeToken(ctx context.Context, app OAuthApp, token string) error {
	form := url.Values{
		"client_id":     {app.ClientID},
		"client_secret": {app.ClientSecret},
		"token":         {token},
	}
	if _, err := c.callNoAuth(ctx, http.MethodPost, "/oauth/revoke", form, nil); err != nil {
		return redactAll(fmt.Errorf("revoke the access token: %w", err), token, app.ClientSecret)
	}
	return nil
}

// callNoAuth is call without the Authorization header: OAuth endpoints
// authenticate with the client credentials in the form, and the client's
// own token must not travel with them.
func (c *Client) callNoAuth(ctx context.Context, method, path string, form url.Values, out any) (http.Header, error) {
	resp, err := c.send(ctx, method, c.server+path, formBody(form), false)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.Header, responseError(method, resp)
	}
	return resp.Header, decodeJSON(resp, out)
}

// redactAll hides each secret in err's text, keeping the chain.
func redactAll(err error, secrets ...string) error {
	for _, s := range secrets {
		err = redact(err, s)
	}
	return err
}
