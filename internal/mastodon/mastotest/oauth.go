package mastotest

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

const oob = "urn:ietf:wg:oauth:2.0:oob"

// codeTTL is Doorkeeper's default authorization code lifetime.
const codeTTL = 10 * time.Minute

type app struct {
	id, name, website string
	clientID, secret  string
	redirectURIs      []string
	scopes            []string
}

type authCode struct {
	code        string
	app         *app
	account     *account
	redirectURI string
	scopes      []string
	challenge   string
	expires     time.Time
}

func (s *Server) randHex(n int) string {
	const hexdigits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = hexdigits[s.rng.IntN(16)]
	}
	return string(b)
}

func (s *Server) newApp(name, website string, redirects, scopes []string) *app {
	a := &app{
		id: s.ids.next(s.now()), name: name, website: website,
		clientID: s.randHex(43), secret: s.randHex(43), redirectURIs: redirects, scopes: scopes,
	}
	s.apps[a.clientID] = a
	return a
}

// builtinApp owns the tokens made by AddAccount, like an application made
// under Settings › Development with the default token's scopes.
func (s *Server) builtinApp() *app {
	for _, a := range s.apps {
		if a.name == "mastotest" {
			return a
		}
	}
	return s.newApp("mastotest", "", []string{oob}, []string{"read", "write", "follow", "push"})
}

func (s *Server) newToken(a *app, acct *account, scopes []string) *token {
	t := &token{value: s.randHex(43), app: a, account: acct, scopes: slices.Clone(scopes)}
	s.tokens[t.value] = t
	if acct != nil && acct.token == "" {
		acct.token = t.value
	}
	return t
}

func (s *Server) tokenOf(a *account) string { return a.token }

func (s *Server) createApp(c *call) {
	name := strings.TrimSpace(c.p.get("client_name"))
	if name == "" {
		s.invalid(c, "Name can't be blank")
		return
	}
	var redirects []string
	for _, v := range c.p.all("redirect_uris") {
		redirects = append(redirects, strings.Fields(v)...)
	}
	if len(redirects) == 0 {
		s.invalid(c, "Redirect URI can't be blank")
		return
	}
	for _, r := range redirects {
		if u, err := url.Parse(r); r != oob && (err != nil || !u.IsAbs() || u.Fragment != "") {
			s.invalid(c, "Redirect URI must be an absolute URI.")
			return
		}
	}
	scopeStr := c.p.get("scopes")
	if scopeStr == "" {
		scopeStr = "read"
	}
	scopes, ok := parseScopes(scopeStr)
	if !ok || len(scopes) == 0 {
		s.invalid(c, "Scopes are invalid")
		return
	}
	a := s.newApp(name, c.p.get("website"), redirects, scopes)
	writeJSON(c.w, 200, map[string]any{
		"id": a.id, "name": a.name, "website": nilIfEmpty(a.website), "scopes": a.scopes,
		"redirect_uri": strings.Join(a.redirectURIs, "\n"), "redirect_uris": a.redirectURIs,
		"client_id": a.clientID, "client_secret": a.secret, "client_secret_expires_at": 0,
		"vapid_key": "BMastotestVapidKey",
	})
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// authorizeRequest is a validated GET /oauth/authorize.
type authorizeRequest struct {
	app                  *app
	redirectURI, state   string
	scopes               []string
	challenge, challMeth string
}

var errNoUser = errors.New("no account is signed in: add an account or set Options.AuthorizeUser")

func (s *Server) parseAuthorize(p *params) (authorizeRequest, error) {
	var r authorizeRequest
	if p.get("response_type") != "code" {
		return r, errors.New("unsupported_response_type: response_type must be code")
	}
	r.app = s.apps[p.get("client_id")]
	if r.app == nil {
		return r, errors.New("invalid_client: unknown client_id")
	}
	r.redirectURI = p.get("redirect_uri")
	if r.redirectURI == "" && len(r.app.redirectURIs) == 1 {
		r.redirectURI = r.app.redirectURIs[0]
	}
	if !slices.Contains(r.app.redirectURIs, r.redirectURI) {
		return r, errors.New("invalid_redirect_uri: the redirect uri included is not valid")
	}
	scope := p.get("scope")
	if scope == "" {
		scope = "read"
	}
	scopes, ok := parseScopes(scope)
	if !ok || !subsetOf(scopes, r.app.scopes) {
		return r, errors.New("invalid_scope: the requested scope is invalid, unknown, or malformed")
	}
	r.scopes, r.state = scopes, p.get("state")
	r.challenge, r.challMeth = p.get("code_challenge"), p.get("code_challenge_method")
	if r.challenge != "" && r.challMeth != "S256" {
		return r, errors.New("invalid_request: code_challenge_method must be S256")
	}
	return r, nil
}

func (s *Server) authorizeUser() *account {
	if s.opts.AuthorizeUser != "" {
		if a := s.findAcct(s.opts.AuthorizeUser); a != nil && a.local() {
			return a
		}
		return nil
	}
	if len(s.locals) == 0 {
		return nil
	}
	return s.locals[0]
}

func (s *Server) issueCode(r authorizeRequest, u *account) string {
	code := s.randHex(43)
	s.codes[code] = &authCode{
		code: code, app: r.app, account: u, redirectURI: r.redirectURI, scopes: r.scopes,
		challenge: r.challenge, expires: s.now().Add(codeTTL),
	}
	return code
}

// authorizePage approves at once, as the signed-in AuthorizeUser, and
// redirects: to the native code page for OOB, else to redirect_uri.
func (s *Server) authorizePage(c *call) {
	r, err := s.parseAuthorize(c.p)
	if err != nil {
		writeHTML(c.w, http.StatusBadRequest, "Authorization error", html.EscapeString(err.Error()))
		return
	}
	u := s.authorizeUser()
	if u == nil {
		writeHTML(c.w, http.StatusBadRequest, "Authorization error", html.EscapeString(errNoUser.Error()))
		return
	}
	code := s.issueCode(r, u)
	var loc string
	switch {
	case r.redirectURI == oob && s.opts.gts():
		loc = s.base + "/oauth/oob?code=" + url.QueryEscape(code)
	case r.redirectURI == oob:
		loc = s.base + "/oauth/authorize/native?code=" + url.QueryEscape(code)
	default:
		u, _ := url.Parse(r.redirectURI)
		q := u.Query()
		q.Set("code", code)
		if r.state != "" {
			q.Set("state", r.state)
		}
		u.RawQuery = q.Encode()
		loc = u.String()
	}
	http.Redirect(c.w, c.r, loc, http.StatusFound)
}

// nativeCodePage shows the code the way Mastodon's OOB page does.
func (s *Server) nativeCodePage(c *call) {
	code := html.EscapeString(c.p.get("code"))
	writeHTML(c.w, 200, "Authorization code",
		`<p>Copy this authorization code and paste it to the application.</p>`+
			`<input class="oauth-code" readonly type="text" value="`+code+`"><code>`+code+`</code>`)
}

func writeHTML(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "<!DOCTYPE html><html><head><title>%s</title></head><body>%s</body></html>\n", title, body)
}

// Authorize approves clientID for username without the browser step and
// returns an authorization code for all of the app's scopes and its first
// redirect URI.
func (s *Server) Authorize(clientID, username string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.apps[clientID]
	if a == nil {
		return "", fmt.Errorf("mastotest: unknown client_id %q", clientID)
	}
	u := s.findAcct(username)
	if u == nil || !u.local() {
		return "", fmt.Errorf("mastotest: no local account %q", username)
	}
	return s.issueCode(authorizeRequest{app: a, redirectURI: a.redirectURIs[0], scopes: a.scopes}, u), nil
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// client authenticates the app by form fields or HTTP Basic.
func (s *Server) client(c *call) *app {
	id, secret := c.p.get("client_id"), c.p.get("client_secret")
	if u, p, ok := c.r.BasicAuth(); ok {
		id, secret = u, p
	}
	a := s.apps[id]
	if a == nil || subtle.ConstantTimeCompare([]byte(a.secret), []byte(secret)) != 1 {
		oauthError(c.w, http.StatusUnauthorized, "invalid_client",
			"Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")
		return nil
	}
	return a
}

const invalidGrant = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."

func (s *Server) issueToken(c *call) {
	grant := c.p.get("grant_type")
	if grant != "authorization_code" && grant != "client_credentials" {
		oauthError(c.w, http.StatusBadRequest, "unsupported_grant_type",
			"The authorization grant type is not supported by the authorization server.")
		return
	}
	a := s.client(c)
	if a == nil {
		return
	}
	var t *token
	if grant == "client_credentials" {
		scope := c.p.get("scope")
		if scope == "" {
			scope = "read"
		}
		scopes, ok := parseScopes(scope)
		if !ok || !subsetOf(scopes, a.scopes) {
			oauthError(c.w, http.StatusBadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed.")
			return
		}
		t = s.newToken(a, nil, scopes)
	} else {
		code := s.codes[c.p.get("code")]
		if code == nil || code.app != a || s.now().After(code.expires) || code.redirectURI != c.p.get("redirect_uri") ||
			code.challenge != "" && !pkceMatches(code.challenge, c.p.get("code_verifier")) {
			oauthError(c.w, http.StatusBadRequest, "invalid_grant", invalidGrant)
			return
		}
		delete(s.codes, code.code) // codes are single-use
		t = s.newToken(a, code.account, code.scopes)
	}
	writeJSON(c.w, 200, map[string]any{
		"access_token": t.value, "token_type": "Bearer", "scope": strings.Join(t.scopes, " "), "created_at": s.now().Unix(),
	})
}

// pkceMatches checks S256: BASE64URL(SHA256(verifier)) == challenge.
func pkceMatches(challenge, verifier string) bool {
	if verifier == "" {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	want := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

func (s *Server) revoke(c *call) {
	a := s.client(c)
	if a == nil {
		return
	}
	if t := s.tokens[c.p.get("token")]; t != nil {
		if t.app != a {
			oauthError(c.w, http.StatusForbidden, "unauthorized_client", "You are not authorized to revoke this token")
			return
		}
		t.revoked = true
	}
	writeJSON(c.w, 200, map[string]any{})
}

// RevokeToken revokes a token; later requests with it get 401.
func (s *Server) RevokeToken(value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.tokens[value]; t != nil {
		t.revoked = true
	}
}

// Token returns the token AddAccount created for username ("" if none).
func (s *Server) Token(username string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.findAcct(username); a != nil {
		return a.token
	}
	return ""
}

func (s *Server) oauthMetadata(c *call) {
	writeJSON(c.w, 200, map[string]any{
		"issuer":                                s.base + "/",
		"service_documentation":                 "https://docs.joinmastodon.org/",
		"authorization_endpoint":                s.base + "/oauth/authorize",
		"token_endpoint":                        s.base + "/oauth/token",
		"revocation_endpoint":                   s.base + "/oauth/revoke",
		"app_registration_endpoint":             s.base + "/api/v1/apps",
		"scopes_supported":                      allScopes,
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"grant_types_supported":                 []string{"authorization_code", "client_credentials"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}
