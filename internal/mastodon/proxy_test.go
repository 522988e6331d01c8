package mastodon

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/proxytest"

	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// Environment of the child process that runs TestProxyClientHelper.
const (
	envProxyClient    = "FLEDGE_TEST_MASTODON_PROXY_CLIENT"
	envProxyToken     = "FLEDGE_TEST_MASTODON_PROXY_TOKEN"
	envProxyAddr      = "FLEDGE_TEST_MASTODON_PROXY_ADDR"
	proxyServerName   = "home.example.com" // covered by httptest's certificate
	proxyServerStatus = "posted through the proxy"
)

// TestClientUsesHTTPSProxy: a client built with default options (the
// transport the commands use) sends its API calls, through go-mastodon and
// through its own requests, via HTTPS_PROXY, and verifies the server's
// certificate against SSL_CERT_FILE, as a user behind a corporate proxy
// with its own CA would configure it.
func TestClientUsesHTTPSProxy(t *testing.T) {
	srv := mastotest.New(mastotest.Options{TLS: true, Domain: proxyServerName})
	t.Cleanup(srv.Close)
	alice := srv.AddAccount("alice", mastotest.AccountOptions{})
	backend := strings.TrimPrefix(srv.URL(), "https://")

	// mastotest does not hand out its certificate; read it off a handshake
	// that trusts it.
	conn, err := tls.Dial("tcp", backend, srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone())
	if err != nil {
		t.Fatal(err)
	}
	cert := conn.ConnectionState().PeerCertificates[0]
	_ = conn.Close()
	certDir := t.TempDir()
	certFile := filepath.Join(certDir, "ca.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}

	proxy := proxytest.Start(t, backend)
	proxytest.RunHelper(t, "TestProxyClientHelper",
		"HTTPS_PROXY="+proxy.URL(),
		"SSL_CERT_FILE="+certFile,
		"SSL_CERT_DIR="+certDir,
		envProxyClient+"=1",
		envProxyToken+"="+alice.Token,
		envProxyAddr+"="+proxy.Addr(),
	)

	log := proxy.Log()
	if len(log) == 0 {
		t.Fatal("the proxy saw no request")
	}
	for _, l := range log {
		if l != "CONNECT "+proxyServerName+":443" {
			t.Errorf("proxy saw %q, want only CONNECT %s:443", l, proxyServerName)
		}
	}
	var seen []string
	for _, r := range srv.Requests() {
		seen = append(seen, r.Method+" "+r.Path+" "+r.Account)
	}
	for _, want := range []string{
		"GET /api/v1/accounts/verify_credentials alice",
		"GET /api/v2/instance alice",
		"POST /api/v1/statuses alice",
	} {
		if !slices.Contains(seen, want) {
			t.Errorf("server log %q lacks %q", seen, want)
		}
	}
	if st := srv.Statuses("alice"); len(st) != 1 || st[0].Text != proxyServerStatus {
		t.Errorf("statuses on the server = %+v", st)
	}
}

// TestProxyClientHelper runs in the child process of
// TestClientUsesHTTPSProxy.
func TestProxyClientHelper(t *testing.T) {
	if os.Getenv(envProxyClient) == "" {
		t.Skip("child process of TestClientUsesHTTPSProxy only")
	}
	c, err := New("https://"+proxyServerName, os.Getenv(envProxyToken), Options{MaxRetries: 1, MaxBackoff: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}

	// Send nothing unless it goes to the test proxy: without it the client
	// would look the name up in real DNS.
	at, ok := c.rt.base.(*attemptTimeout)
	if !ok {
		t.Fatalf("retry layer sits on %T", c.rt.base)
	}
	base, ok := at.base.(*http.Transport)
	if !ok {
		t.Fatalf("base transport is %T, not a clone of http.DefaultTransport", at.base)
	}
	if base.Proxy == nil {
		t.Fatal("the client's transport has no proxy function: HTTPS_PROXY is ignored")
	}
	req, err := http.NewRequest(http.MethodGet, c.Server()+"/api/v2/instance", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := base.Proxy(req); err != nil || p == nil || p.Host != os.Getenv(envProxyAddr) {
		t.Fatalf("proxy for %s is %v, %v; want %s", req.URL, p, err, os.Getenv(envProxyAddr))
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	me, err := c.VerifyCredentials(ctx) // through go-mastodon
	if err != nil || me.Username != "alice" {
		t.Fatalf("verify_credentials through the proxy = %+v, %v", me, err)
	}
	in, err := c.Instance(ctx) // through the client's own requests
	if err != nil || in.Domain != proxyServerName {
		t.Fatalf("instance through the proxy = %+v, %v", in, err)
	}
	res, err := c.PostStatus(WithIdempotencyKey(ctx, "proxy-1"), NewStatus{Text: proxyServerStatus})
	if err != nil || res.Status == nil {
		t.Fatalf("post through the proxy = %+v, %v", res, err)
	}
}
