package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// approvedCode is what a script types at fledge's code prompt to say "I
// approved fledge in the browser" (see browserProxy).
const approvedCode = "approved-in-browser"

// setupServers starts the in-process fake servers a script may talk to and
// exports their addresses into the script's environment:
//
//	MASTO_URL     Mastodon 4.5 (handle domain masto.test) with alice, bob
//	              and dave; ALICE_TOKEN, BOB_TOKEN; REVOKED_TOKEN is dave's,
//	              already revoked
//	LOGIN_URL     the same server behind browserProxy, for the interactive
//	              OAuth flow; it stops answering once $WORK/masto-down exists,
//	              and if $WORK/masto-dies exists it goes down right after
//	              its next verify_credentials answer (gone mid-run)
//	              and ivy, whose token's app has only the narrowScopes
//	              (IVY_TOKEN)
//	GTS_URL       GoToSocial 0.20 (domain gts.test) with carol; CAROL_TOKEN;
//	              gus, whose token has only the narrowScopes (GUS_TOKEN);
//	              lena, a locked account (a follow is a request)
//	HTML_URL      a web server that is not Mastodon (HTML for every path)
//	TLS_URL       Mastodon over https with a certificate nobody trusts;
//	              TLS_HOSTPORT is its host:port alone
//	DEAD_URL      a loopback address where nothing listens
//	BUDGET_URL    Mastodon (domain budget.test) allowing 1 follow a day,
//	              with erin (ERIN_TOKEN), frank and gina to follow
//
// The tokens are also written to $WORK/tokens/{alice,bob,carol,revoked,ivy,gus},
// because `stdin` reads a file and txtar files are not expanded.
func setupServers(env *testscript.Env) error {
	masto := mastotest.New(mastotest.Options{Domain: "masto.test", Seed: 1})
	env.Defer(masto.Close)
	alice := masto.AddAccount("alice", mastotest.AccountOptions{DisplayName: "Alice"})
	bob := masto.AddAccount("bob", mastotest.AccountOptions{})
	dave := masto.AddAccount("dave", mastotest.AccountOptions{})
	masto.RevokeToken(dave.Token)
	env.Setenv("MASTO_URL", masto.URL())
	env.Setenv("ALICE_TOKEN", alice.Token)
	env.Setenv("BOB_TOKEN", bob.Token)
	env.Setenv("REVOKED_TOKEN", dave.Token)
	ivy := masto.AddAccount("ivy", mastotest.AccountOptions{Scopes: narrowScopes, AppScopes: narrowScopes})
	env.Setenv("IVY_TOKEN", ivy.Token)

	login, err := browserProxy(masto.URL(), filepath.Join(env.WorkDir, "masto-down"), filepath.Join(env.WorkDir, "masto-dies"))
	if err != nil {
		return err
	}
	env.Defer(login.Close)
	env.Setenv("LOGIN_URL", login.URL)

	gts := mastotest.New(mastotest.Options{Software: mastotest.GoToSocial, Domain: "gts.test", Seed: 2})
	env.Defer(gts.Close)
	carol := gts.AddAccount("carol", mastotest.AccountOptions{})
	// lena approves her followers: a follow is a request (requested: true)
	gts.AddAccount("lena", mastotest.AccountOptions{Locked: true})
	env.Setenv("GTS_URL", gts.URL())
	env.Setenv("CAROL_TOKEN", carol.Token)
	gus := gts.AddAccount("gus", mastotest.AccountOptions{Scopes: narrowScopes, AppScopes: narrowScopes})
	env.Setenv("GUS_TOKEN", gus.Token)

	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<!DOCTYPE html><html><head><title>My blog</title></head><body>Hello</body></html>\n")
	}))
	env.Defer(html.Close)
	env.Setenv("HTML_URL", html.URL)

	tlsSrv := mastotest.New(mastotest.Options{TLS: true, Seed: 3})
	env.Defer(tlsSrv.Close)
	env.Setenv("TLS_URL", tlsSrv.URL())
	env.Setenv("TLS_HOSTPORT", strings.TrimPrefix(tlsSrv.URL(), "https://"))

	tokens := map[string]string{"alice": alice.Token, "bob": bob.Token, "carol": carol.Token, "revoked": dave.Token,
		"ivy": ivy.Token, "gus": gus.Token}
	if err := writeTokens(filepath.Join(env.WorkDir, "tokens"), tokens); err != nil {
		return err
	}

	dead, err := deadAddress()
	if err != nil {
		return err
	}
	env.Setenv("DEAD_URL", "http://"+dead)

	budget := mastotest.New(mastotest.Options{Domain: "budget.test", Seed: 4,
		Limits: mastotest.Limits{Follows: mastotest.Limit{N: 1, Per: 24 * time.Hour}}})
	env.Defer(budget.Close)
	erin := budget.AddAccount("erin", mastotest.AccountOptions{})
	budget.AddAccount("frank", mastotest.AccountOptions{})
	budget.AddAccount("gina", mastotest.AccountOptions{})
	// Handles a profile can hold (a .test domain is no handle): fledge
	// directory --create-list follows them.
	budget.AddRemoteAccount("hal@example.social", mastotest.RemoteOptions{})
	budget.AddRemoteAccount("ida@example.social", mastotest.RemoteOptions{})
	env.Setenv("BUDGET_URL", budget.URL())
	env.Setenv("ERIN_TOKEN", erin.Token)
	return nil
}

// narrowScopes are the scopes of a token made under Settings › Development
// with too few boxes ticked: it may post text and build lists, but not
// upload media, follow, block, mute or change the profile.
var narrowScopes = []string{"read", "write:statuses", "write:lists"}

// browserProxy stands in front of a mastotest server and plays the part
// of the user's browser in the out-of-band OAuth flow. A script cannot
// open the address fledge prints, so it answers the code prompt with
// approvedCode; when fledge then exchanges that code, the proxy first
// does what the browser would have done — open /oauth/authorize with
// fledge's client id and the PKCE challenge of the verifier fledge
// presents — and swaps in the code the server issued. The server still
// checks the client, the redirect URI, the scopes and the PKCE pair.
//
// Once the file or directory down exists, every connection is dropped
// without an answer: the server has gone away. While dies exists, the
// server goes away right after answering verify_credentials, so a command
// loses it half-way through.
func browserProxy(upstream, down, dies string) (*httptest.Server, error) {
	target, err := url.Parse(upstream)
	if err != nil {
		return nil, err
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ErrorLog = nil
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.Stat(down); err == nil {
			hangUp(w)
			return
		}
		if r.Method == http.MethodPost && r.URL.Path == "/oauth/token" {
			if err := approveInBrowser(r, upstream, noRedirect); err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
		}
		rp.ServeHTTP(w, r)
		if _, err := os.Stat(dies); err == nil && r.URL.Path == "/api/v1/accounts/verify_credentials" {
			_ = os.Mkdir(down, 0o700)
		}
	})), nil
}

// approveInBrowser replaces approvedCode in a token request with a real
// code from the upstream's auto-approving authorize page.
func approveInBrowser(r *http.Request, upstream string, hc *http.Client) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("code") != approvedCode {
		setBody(r, body)
		return nil
	}
	q := url.Values{
		"response_type": {"code"},
		"client_id":     {form.Get("client_id")},
		"redirect_uri":  {form.Get("redirect_uri")},
		"scope":         {form.Get("scope")},
	}
	if v := form.Get("code_verifier"); v != "" {
		sum := sha256.Sum256([]byte(v))
		q.Set("code_challenge", base64.RawURLEncoding.EncodeToString(sum[:]))
		q.Set("code_challenge_method", "S256")
	}
	resp, err := hc.Get(upstream + "/oauth/authorize?" + q.Encode())
	if err != nil {
		return err
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		return fmt.Errorf("browser simulation: authorize answered %d without a code", resp.StatusCode)
	}
	form.Set("code", loc.Query().Get("code"))
	setBody(r, []byte(form.Encode()))
	return nil
}

func setBody(r *http.Request, b []byte) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	r.Header.Set("Content-Length", strconv.Itoa(len(b)))
}

// hangUp closes the connection without answering, as a crashed server or
// a dropped network would.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("browserProxy: cannot hijack the connection")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// deadAddress returns a loopback host:port that refuses connections: a
// port that was just listened on and closed again.
func deadAddress() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}

func writeTokens(dir string, tokens map[string]string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for name, tok := range tokens {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(tok+"\n"), 0o600); err != nil {
			return err
		}
	}
	return nil
}
