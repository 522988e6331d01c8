package mastotest

import (
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

type appOut struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

func registerApp(t *testing.T, s *Server, redirect, scopes string) appOut {
	t.Helper()
	var a appOut
	r := do(t, s, "", "POST", "/api/v1/apps", url.Values{"client_name": {"fledge"}, "redirect_uris": {redirect}, "scopes": {scopes}})
	wantCode(t, r, 200)
	r.json(t, &a)
	return a
}

func challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorize runs GET /oauth/authorize and returns the code from the
// redirect.
func authorize(t *testing.T, s *Server, a appOut, redirect string, extra url.Values) string {
	t.Helper()
	q := url.Values{"response_type": {"code"}, "client_id": {a.ClientID}, "redirect_uri": {redirect}, "scope": {"read write"}}
	for k, v := range extra {
		q[k] = v
	}
	r := do(t, s, "", "GET", "/oauth/authorize?"+q.Encode(), nil)
	wantCode(t, r, 302)
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query().Get("code")
}

func TestOAuthPKCE(t *testing.T) {
	verifier := strings.Repeat("v", 50)
	tests := []struct {
		name     string
		verifier string
		code     int
	}{
		{"right verifier", verifier, 200},
		{"wrong verifier", strings.Repeat("w", 50), 400},
		{"missing verifier", "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			s.AddAccount("alice", AccountOptions{})
			a := registerApp(t, s, "http://127.0.0.1:9/cb", "read write")
			code := authorize(t, s, a, "http://127.0.0.1:9/cb", url.Values{"code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"}, "state": {"xyz"}})
			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {a.ClientID},
				"client_secret": {a.ClientSecret}, "redirect_uri": {"http://127.0.0.1:9/cb"}}
			if tt.verifier != "" {
				form.Set("code_verifier", tt.verifier)
			}
			r := do(t, s, "", "POST", "/oauth/token", form)
			wantCode(t, r, tt.code)
			if r.code != 200 {
				if r.errMsg(t) != "invalid_grant" {
					t.Errorf("error %q", r.errMsg(t))
				}
				return
			}
			var tok struct {
				AccessToken string `json:"access_token"`
				Scope       string `json:"scope"`
			}
			r.json(t, &tok)
			if tok.Scope != "read write" {
				t.Errorf("scope %q", tok.Scope)
			}
			wantCode(t, do(t, s, tok.AccessToken, "GET", "/api/v1/accounts/verify_credentials", nil), 200)
			// Codes are single-use.
			wantCode(t, do(t, s, "", "POST", "/oauth/token", form), 400)
		})
	}
}

func TestOAuthOOBAndAPI(t *testing.T) {
	for _, sw := range []string{Mastodon, GoToSocial} {
		s := newTestServer(t, Options{Software: sw})
		s.AddAccount("alice", AccountOptions{})
		a := registerApp(t, s, oob, "read write follow")
		q := url.Values{"response_type": {"code"}, "client_id": {a.ClientID}, "redirect_uri": {oob}, "scope": {"read"}}
		r := do(t, s, "", "GET", "/oauth/authorize?"+q.Encode(), nil)
		wantCode(t, r, 302)
		loc, _ := url.Parse(r.header.Get("Location"))
		wantPath := map[string]string{Mastodon: "/oauth/authorize/native", GoToSocial: "/oauth/oob"}[sw]
		if loc.Path != wantPath {
			t.Errorf("%s: OOB redirect to %s", sw, loc.Path)
		}
		page := do(t, s, "", "GET", loc.RequestURI(), nil)
		if code := loc.Query().Get("code"); code == "" || !strings.Contains(string(page.body), code) {
			t.Errorf("%s: code page %s", sw, page.body)
		}
		code, err := s.Authorize(a.ClientID, "alice")
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {a.ClientID}, "client_secret": {a.ClientSecret}, "redirect_uri": {oob}}
		wantCode(t, do(t, s, "", "POST", "/oauth/token", form), 200)
		if _, err := s.Authorize("nope", "alice"); err == nil {
			t.Error("unknown client accepted")
		}
	}
}

func TestOAuthErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	s.AddAccount("alice", AccountOptions{})
	a := registerApp(t, s, oob, "read")
	wantCode(t, do(t, s, "", "POST", "/api/v1/apps", url.Values{"client_name": {"x"}, "redirect_uris": {oob}, "scopes": {"read bogus"}}), 422)
	wantCode(t, do(t, s, "", "POST", "/api/v1/apps", url.Values{"redirect_uris": {oob}}), 422)
	// Scope wider than the app's.
	q := url.Values{"response_type": {"code"}, "client_id": {a.ClientID}, "redirect_uri": {oob}, "scope": {"write"}}
	wantCode(t, do(t, s, "", "GET", "/oauth/authorize?"+q.Encode(), nil), 400)
	q.Set("scope", "read")
	q.Set("code_challenge", "abc")
	q.Set("code_challenge_method", "plain")
	wantCode(t, do(t, s, "", "GET", "/oauth/authorize?"+q.Encode(), nil), 400)
	r := do(t, s, "", "POST", "/oauth/token", url.Values{"grant_type": {"password"}, "client_id": {a.ClientID}, "client_secret": {a.ClientSecret}})
	wantCode(t, r, 400)
	if r.errMsg(t) != "unsupported_grant_type" {
		t.Errorf("password grant: %s", r.body)
	}
	wantCode(t, do(t, s, "", "POST", "/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {a.ClientID}, "client_secret": {"bad"}}), 401)
}

func TestClientCredentialsAndScopes(t *testing.T) {
	s := newTestServer(t, Options{})
	s.AddAccount("alice", AccountOptions{})
	a := registerApp(t, s, oob, "read write")
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	do(t, s, "", "POST", "/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {a.ClientID}, "client_secret": {a.ClientSecret}}).json(t, &tok)
	r := do(t, s, tok.AccessToken, "GET", "/api/v1/accounts/verify_credentials", nil)
	wantCode(t, r, 422) // app tokens have no user
	wantCode(t, do(t, s, tok.AccessToken, "GET", "/api/v2/instance", nil), 200)

	reader := s.AddAccount("reader", AccountOptions{Scopes: []string{"read"}})
	r = postStatus(t, s, reader.Token, url.Values{"status": {"x"}})
	wantCode(t, r, 403)
	if r.errMsg(t) != "This action is outside the authorized scopes" {
		t.Errorf("403 body %q", r.errMsg(t))
	}
	granular := s.AddAccount("granular", AccountOptions{Scopes: []string{"write:statuses", "read:accounts"}})
	wantCode(t, postStatus(t, s, granular.Token, url.Values{"status": {"x"}}), 200)
	wantCode(t, do(t, s, granular.Token, "GET", "/api/v1/lists", nil), 403)
	follower := s.AddAccount("follower", AccountOptions{Scopes: []string{"follow"}})
	wantCode(t, do(t, s, follower.Token, "POST", "/api/v1/accounts/"+s.AddRemoteAccount("x@r.example", RemoteOptions{Known: true}).ID+"/follow", nil), 200)
}

func TestRevokedToken(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	wantCode(t, do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil), 200)
	s.RevokeToken(alice.Token)
	r := do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil)
	wantCode(t, r, 401)
	if r.errMsg(t) != "The access token is invalid" {
		t.Errorf("401 body %q", r.errMsg(t))
	}
	wantCode(t, do(t, s, "garbage", "GET", "/api/v1/accounts/verify_credentials", nil), 401)
	wantCode(t, do(t, s, "", "GET", "/api/v1/accounts/verify_credentials", nil), 401)

	// Revoking through the API: only the owning app may.
	a := registerApp(t, s, oob, "read")
	code, _ := s.Authorize(a.ClientID, "alice")
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	do(t, s, "", "POST", "/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {a.ClientID}, "client_secret": {a.ClientSecret}, "redirect_uri": {oob}}).json(t, &tok)
	other := registerApp(t, s, oob, "read")
	wantCode(t, do(t, s, "", "POST", "/oauth/revoke", url.Values{"client_id": {other.ClientID}, "client_secret": {other.ClientSecret}, "token": {tok.AccessToken}}), 403)
	for range 2 { // idempotent
		wantCode(t, do(t, s, "", "POST", "/oauth/revoke", url.Values{"client_id": {a.ClientID}, "client_secret": {a.ClientSecret}, "token": {tok.AccessToken}}), 200)
	}
	wantCode(t, do(t, s, tok.AccessToken, "GET", "/api/v1/accounts/verify_credentials", nil), 401)
}

func TestOAuthMetadata(t *testing.T) {
	s := newTestServer(t, Options{})
	var md struct {
		Scopes  []string `json:"scopes_supported"`
		Methods []string `json:"code_challenge_methods_supported"`
		Token   string   `json:"token_endpoint"`
	}
	do(t, s, "", "GET", "/.well-known/oauth-authorization-server", nil).json(t, &md)
	if strings.Join(md.Methods, ",") != "S256" || md.Token != s.URL()+"/oauth/token" || !strings.Contains(strings.Join(md.Scopes, " "), "write:media") {
		t.Fatalf("metadata %+v", md)
	}
}
