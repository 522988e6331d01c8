package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// oauthClient returns a token-less client for a fresh mastotest server
// with one local account, alice.
func oauthClient(t *testing.T, opts mastotest.Options) (*Client, *mastotest.Server) {
	t.Helper()
	s := mastotest.New(opts)
	t.Cleanup(s.Close)
	s.AddAccount("alice", mastotest.AccountOptions{})
	c, err := New(s.URL(), "", Options{Base: s.Client().Transport, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// approve opens the authorize URL the way a browser would (the fake
// approves at once) and returns what the user would paste: the code page
// address on GoToSocial, the code itself on Mastodon.
func approve(t *testing.T, s *mastotest.Server, authURL string) string {
	t.Helper()
	hc := s.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || loc == "" {
		t.Fatalf("authorize answered %d, Location %q", resp.StatusCode, loc)
	}
	if strings.Contains(loc, "/oauth/oob") {
		return loc
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("code")
}

func TestOAuthFlowWithPKCE(t *testing.T) {
	for _, software := range []string{mastotest.Mastodon, mastotest.GoToSocial} {
		t.Run(software, func(t *testing.T) {
			ctx := context.Background()
			c, s := oauthClient(t, mastotest.Options{Software: software})

			meta, err := c.DiscoverOAuth(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !meta.Found || !meta.SupportsPKCE() {
				t.Fatalf("metadata = %+v, want found with S256", meta)
			}
			scopes := meta.Scopes()
			if !slices.Equal(scopes, GranularScopes) {
				t.Fatalf("scopes = %v, want the granular set", scopes)
			}
			app, err := c.RegisterApp(ctx, AppRegistration{Name: "fledge", Website: "https://example.org", Scopes: scopes})
			if err != nil {
				t.Fatal(err)
			}
			if app.ClientID == "" || app.ClientSecret == "" || app.RedirectURI != OOBRedirect {
				t.Fatalf("app = %#v", app)
			}
			pkce, err := NewPKCE()
			if err != nil {
				t.Fatal(err)
			}
			authURL := c.AuthorizeURL(app, scopes, &pkce)
			q, _ := url.ParseQuery(strings.SplitN(authURL, "?", 2)[1])
			if q.Get("code_challenge") != pkce.Challenge || q.Get("code_challenge_method") != "S256" ||
				q.Get("redirect_uri") != OOBRedirect || q.Get("scope") != strings.Join(scopes, " ") {
				t.Fatalf("authorize URL %s lacks the expected parameters", authURL)
			}

			code, err := ParseAuthorizationCode(approve(t, s, authURL))
			if err != nil {
				t.Fatal(err)
			}
			tok, err := c.ExchangeCode(ctx, app, code, scopes, &pkce)
			if err != nil {
				t.Fatal(err)
			}
			if tok.AccessToken == "" || !slices.Equal(tok.Scopes, scopes) {
				t.Fatalf("token scopes %v", tok.Scopes)
			}

			user, err := New(s.URL(), tok.AccessToken, Options{Base: s.Client().Transport, MaxRetries: 1})
			if err != nil {
				t.Fatal(err)
			}
			me, err := user.VerifyCredentials(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if me.Username != "alice" {
				t.Fatalf("logged in as %q", me.Username)
			}

			// A code works once.
			if _, err := c.ExchangeCode(ctx, app, code, scopes, &pkce); err == nil {
				t.Fatal("second exchange of the same code succeeded")
			}

			if err := c.RevokeToken(ctx, app, tok.AccessToken); err != nil {
				t.Fatal(err)
			}
			if err := c.RevokeToken(ctx, app, tok.AccessToken); err != nil {
				t.Fatalf("revoking twice: %v", err)
			}
			again, _ := New(s.URL(), tok.AccessToken, Options{Base: s.Client().Transport, MaxRetries: 1})
			_, err = again.VerifyCredentials(ctx)
			if !errors.Is(err, ErrAuth) {
				t.Fatalf("after revoke: err = %v, want ErrAuth", err)
			}
			if strings.Contains(err.Error(), tok.AccessToken) {
				t.Fatalf("error leaks the token: %v", err)
			}
		})
	}
}

func TestExchangeWrongVerifier(t *testing.T) {
	ctx := context.Background()
	c, s := oauthClient(t, mastotest.Options{})
	app, err := c.RegisterApp(ctx, AppRegistration{Name: "fledge", Scopes: LegacyScopes})
	if err != nil {
		t.Fatal(err)
	}
	pkce, _ := NewPKCE()
	code := approve(t, s, c.AuthorizeURL(app, LegacyScopes, &pkce))
	other, _ := NewPKCE()
	_, err = c.ExchangeCode(ctx, app, code, LegacyScopes, &other)
	var pe *PermanentError
	if !errors.As(err, &pe) || pe.Status != http.StatusBadRequest || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("err = %v, want a 400 invalid_grant", err)
	}
	for _, secret := range []string{code, app.ClientSecret, other.Verifier} {
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("error leaks a secret: %v", err)
		}
	}
	// Without the verifier the code is refused too: PKCE is enforced.
	if _, err := c.ExchangeCode(ctx, app, code, LegacyScopes, nil); err == nil {
		t.Fatal("exchange without the verifier succeeded")
	}
}

func TestRevokeWithWrongAppIsRefused(t *testing.T) {
	ctx := context.Background()
	c, s := oauthClient(t, mastotest.Options{})
	app, err := c.RegisterApp(ctx, AppRegistration{Name: "fledge", Scopes: LegacyScopes})
	if err != nil {
		t.Fatal(err)
	}
	// alice's token belongs to the fake's built-in app, not ours.
	err = c.RevokeToken(ctx, app, s.Token("alice"))
	if err == nil || strings.Contains(err.Error(), s.Token("alice")) {
		t.Fatalf("err = %v, want a refusal that hides the token", err)
	}
	bad := app
	bad.ClientSecret = "wrong-secret-value"
	err = c.RevokeToken(ctx, bad, s.Token("alice"))
	if !errors.Is(err, ErrAuth) || strings.Contains(err.Error(), "wrong-secret-value") {
		t.Fatalf("err = %v, want ErrAuth without the secret", err)
	}
}

func TestDiscoverOlderServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":"Record not found"}`)
	}))
	defer srv.Close()
	c, err := New(srv.URL, "", Options{Base: srv.Client().Transport, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	meta, err := c.DiscoverOAuth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if meta.Found || meta.SupportsPKCE() || !slices.Equal(meta.Scopes(), LegacyScopes) {
		t.Fatalf("meta = %+v, scopes %v", meta, meta.Scopes())
	}
	app := OAuthApp{ClientID: "id", ClientSecret: "s"}
	if u := c.AuthorizeURL(app, LegacyScopes, nil); strings.Contains(u, "code_challenge") {
		t.Fatalf("URL %s has a challenge without PKCE", u)
	}
}

func TestScopesNeedEveryGranularScope(t *testing.T) {
	partial := OAuthMetadata{Found: true, ScopesSupported: []string{"read", "write", "read:accounts", "write:statuses"}}
	if got := partial.Scopes(); !slices.Equal(got, LegacyScopes) {
		t.Fatalf("Scopes() = %v, want legacy when some granular scope is missing", got)
	}
}

func TestRegisterAppOnNonMastodon(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><html><body>Welcome to my blog</body></html>")
	}))
	defer srv.Close()
	c, err := New(srv.URL, "", Options{Base: srv.Client().Transport, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	meta, err := c.DiscoverOAuth(ctx)
	if err != nil || meta.Found {
		t.Fatalf("discover: %+v, %v; want not found, no error", meta, err)
	}
	_, err = c.RegisterApp(ctx, AppRegistration{Name: "fledge", Scopes: LegacyScopes})
	if !errors.Is(err, ErrNotMastodon) {
		t.Fatalf("err = %v, want ErrNotMastodon", err)
	}
}

func TestPKCE(t *testing.T) {
	// RFC 7636 appendix B.
	if got := pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); got != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Fatalf("challenge = %s", got)
	}
	a, _ := NewPKCE()
	b, _ := NewPKCE()
	if len(a.Verifier) != 43 || a.Verifier == b.Verifier || a.Challenge != pkceChallenge(a.Verifier) {
		t.Fatalf("verifiers %q %q", a.Verifier, b.Verifier)
	}
}

func TestOAuthValuesHideSecrets(t *testing.T) {
	app := OAuthApp{ClientID: "cid", ClientSecret: "app-secret-1"}
	tok := Token{AccessToken: "access-token-1", Scopes: []string{"read"}}
	for _, s := range []string{fmt.Sprint(app), fmt.Sprintf("%#v", app), fmt.Sprintf("%+v", tok), fmt.Sprintf("%#v", tok), app.String(), tok.String()} {
		if strings.Contains(s, "app-secret-1") || strings.Contains(s, "access-token-1") {
			t.Errorf("secret printed: %s", s)
		}
	}
}

func TestParseAuthorizationCode(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{in: "abc123DEF", want: "abc123DEF"},
		{in: "  abc-123_x.y~z \n", want: "abc-123_x.y~z"},
		{in: `"quoted"`, want: "quoted"},
		{in: "https://gts.example/oauth/oob?code=abc123", want: "abc123"},
		{in: "http://127.0.0.1:8080/oauth/authorize/native?code=xyz&state=1", want: "xyz"},
		{in: "code=plain", want: "plain"},
		{in: "", err: "nothing was entered"},
		{in: "https://gts.example/oauth/oob?nocode=1&code=", err: "no code="},
		{in: "two words", err: "contains ' '"},
		{in: "abc\ndef", err: "contains '\\n'"},
		{in: "ünïcode", err: "contains"},
		{in: strings.Repeat("a", 600), err: "too long"},
	}
	for _, tt := range tests {
		got, err := ParseAuthorizationCode(tt.in)
		if tt.err != "" {
			if !errors.Is(err, ErrBadCode) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseAuthorizationCode(%q) = %q, %v; want error with %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseAuthorizationCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseAuthorizationCode(f *testing.F) {
	for _, s := range []string{"abc", "https://x/oauth/oob?code=abc", "code=%zz", "?code=a&code=b", "'", "http://[::1]/?code=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := ParseAuthorizationCode(s)
		if err != nil {
			return
		}
		if code == "" || len(code) > 512 || strings.ContainsAny(code, " \t\r\n?&=/") {
			t.Fatalf("ParseAuthorizationCode(%q) accepted %q", s, code)
		}
		// What is accepted is a fixed point.
		if again, err := ParseAuthorizationCode(code); err != nil || again != code {
			t.Fatalf("not stable: %q -> %q -> %q, %v", s, code, again, err)
		}
	})
}

func BenchmarkParseAuthorizationCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseAuthorizationCode("https://gts.example/oauth/oob?code=0123456789abcdef0123456789abcdef012345678ab"); err != nil {
			b.Fatal(err)
		}
	}
}
