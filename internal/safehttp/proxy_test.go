package safehttp

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/fledge-cli/fledge/internal/proxytest"
)

// Environment of the child process that runs TestProxyHelper.
const (
	envProxyScenario = "FLEDGE_TEST_SAFEHTTP_PROXY_SCENARIO"
	envProxyCA       = "FLEDGE_TEST_SAFEHTTP_CA"
	envProxyServer   = "FLEDGE_TEST_SAFEHTTP_SERVER"
	envProxyAddr     = "FLEDGE_TEST_SAFEHTTP_PROXY_ADDR"
)

// proxyEnv is one proxy test's servers: a TLS origin standing in for every
// fediverse host and a proxy that tunnels every CONNECT to it.
type proxyEnv struct {
	proxy *proxytest.Proxy

	mu    sync.Mutex
	hosts []string // Host header of every request the origin answered
	env   []string // for the child
}

func newProxyEnv(t *testing.T) *proxyEnv {
	t.Helper()
	e := &proxyEnv{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.hosts = append(e.hosts, r.Host)
		e.mu.Unlock()
		switch r.URL.Path {
		case "/.well-known/webfinger":
			w.Header().Set("Content-Type", "application/jrd+json")
			fmt.Fprintf(w, `{"subject":%q}`, r.URL.Query().Get("resource"))
		case "/redirect-inner":
			http.Redirect(w, r, "https://inner.example.com/secret", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	// The system-roots check fails a handshake on purpose; keep it quiet.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ap := netip.MustParseAddrPort(srv.Listener.Addr().String())
	e.proxy = proxytest.Start(t, ap.String())
	e.env = []string{
		"HTTPS_PROXY=" + e.proxy.URL(),
		"HTTP_PROXY=" + e.proxy.URL(),
		envProxyCA + "=" + writePEM(t, srv.Certificate().Raw),
		envProxyServer + "=" + ap.String(),
		envProxyAddr + "=" + e.proxy.Addr(),
	}
	return e
}

func (e *proxyEnv) run(t *testing.T, scenario string, env ...string) {
	t.Helper()
	proxytest.RunHelper(t, "TestProxyHelper", append(slices.Clone(e.env), append(env, envProxyScenario+"="+scenario)...)...)
}

func (e *proxyEnv) originHosts() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.hosts)
}

// TestProxyCarriesWebFinger: with HTTPS_PROXY set, WebFinger to a public
// name is tunnelled through the proxy, and so is a name that does not
// resolve locally (behind many corporate proxies only the proxy can
// resolve) once ProxyNamesTrust says the proxy may; TLS is verified end to
// end against the origin, not the proxy.
func TestProxyCarriesWebFinger(t *testing.T) {
	e := newProxyEnv(t)
	e.run(t, "proxied")
	log := e.proxy.Log()
	for _, want := range []string{
		"CONNECT fedi.example.com:443",
		"CONNECT social.example.com:443",
		"GET http://fedi.example.com/.well-known/webfinger?resource=acct:alice@fedi.example.com",
	} {
		if !slices.Contains(log, want) {
			t.Errorf("proxy log %q lacks %q", log, want)
		}
	}
	hosts := e.originHosts()
	for _, want := range []string{"fedi.example.com", "social.example.com"} {
		if !slices.Contains(hosts, want) {
			t.Errorf("origin saw hosts %q, want %q among them", hosts, want)
		}
	}
}

// TestProxyRefusesPrivateTargets: the proxy itself is on loopback and
// trusted, but a target that is private, by name or by literal address,
// is refused before the proxy hears of it. Only the redirecting public
// host and, with AllowPrivate, the private one reach the proxy.
func TestProxyRefusesPrivateTargets(t *testing.T) {
	e := newProxyEnv(t)
	e.run(t, "private")
	want := []string{"CONNECT fedi.example.com:443", "CONNECT inner.example.com:443"}
	if log := e.proxy.Log(); !slices.Equal(log, want) {
		t.Errorf("proxy log = %q, want %q", log, want)
	}
	for _, h := range e.originHosts() {
		if h != "fedi.example.com" && h != "inner.example.com" {
			t.Errorf("origin answered a request for %q", h)
		}
	}
}

// TestProxyUnresolvedNames: by default a name that does not resolve
// locally is refused before the proxy hears of it, since the proxy would
// resolve it unchecked; the error says what to set. ProxyNamesTrust hands
// it over; AllowPrivate, which checks nothing, does too.
func TestProxyUnresolvedNames(t *testing.T) {
	e := newProxyEnv(t)
	e.run(t, "unresolved")
	want := []string{
		"CONNECT fedi.example.com:443",   // resolves to a public address: checked, passed
		"CONNECT social.example.com:443", // ProxyNamesTrust
		"CONNECT social.example.com:443", // AllowPrivate
	}
	if log := e.proxy.Log(); !slices.Equal(log, want) {
		t.Errorf("proxy log = %q, want %q", log, want)
	}
}

// TestNoProxyBypass: a host listed in NO_PROXY is dialled directly, so the
// dial-time guard decides: a name resolving to loopback is refused, and
// only a client exempting the test server's address reaches it. Other
// hosts still use the proxy.
func TestNoProxyBypass(t *testing.T) {
	e := newProxyEnv(t)
	e.run(t, "noproxy", "NO_PROXY=fedi.example.com")
	want := []string{"CONNECT social.example.com:443"}
	if log := e.proxy.Log(); !slices.Equal(log, want) {
		t.Errorf("proxy log = %q, want %q", log, want)
	}
	if hosts := e.originHosts(); !slices.Contains(hosts, "fedi.example.com") {
		t.Errorf("origin saw hosts %q; the direct request is missing", hosts)
	}
}

// TestProxyHelper runs in the child process started by the tests above.
func TestProxyHelper(t *testing.T) {
	scenario := os.Getenv(envProxyScenario)
	if scenario == "" {
		t.Skip("child process of the proxy tests only")
	}
	h := loadProxyChild(t)
	switch scenario {
	case "proxied":
		h.proxied(t)
	case "private":
		h.private(t)
	case "noproxy":
		h.noProxy(t)
	case "unresolved":
		h.unresolved(t)
	default:
		t.Fatalf("unknown scenario %q", scenario)
	}
}

// publicAddr is what fake DNS answers for public names. It is TEST-NET-3,
// which is never routed, in case a bug ever dialled it instead of the proxy.
var publicAddr = netip.MustParseAddrPort("203.0.113.7:443")

func (h *proxyChild) proxied(t *testing.T) {
	if _, bad := Blocked(publicAddr.Addr()); bad {
		t.Fatalf("%s must count as public for this test", publicAddr)
	}
	res := mapResolver{"fedi.example.com": publicAddr} // social.example.com: no such host
	c := NewClient(Options{Resolver: res, RootCAs: h.pool, ProxyNames: ProxyNamesTrust})
	for _, host := range []string{"fedi.example.com", "social.example.com"} {
		u := "https://" + host + "/.well-known/webfinger?resource=acct:alice@" + host
		h.mustUseProxy(t, c, u)
		var d dials
		body, err := d.get(c, u)
		if err != nil {
			t.Fatalf("GET %s through the proxy: %v", u, err)
		}
		if want := `{"subject":"acct:alice@` + host + `"}`; body != want {
			t.Errorf("GET %s: body %q, want %q", u, body, want)
		}
		if got := d.connects(); len(got) == 0 || slices.ContainsFunc(got, func(a string) bool { return a != h.proxyAddr }) {
			t.Errorf("GET %s connected to %q, want only the proxy %s", u, got, h.proxyAddr)
		}
	}

	// Plain http goes to HTTP_PROXY as an absolute-URI request.
	u := "http://fedi.example.com/.well-known/webfinger?resource=acct:alice@fedi.example.com"
	h.mustUseProxy(t, c, u)
	if body, err := get(c, u); err != nil || body != "from proxy" {
		t.Errorf("GET %s through HTTP_PROXY: %q, %v", u, body, err)
	}

	// Without the test CA the origin's certificate must fail: the tunnel
	// carries TLS end to end, nobody in between vouches for the host.
	sys := NewClient(Options{Resolver: res})
	u = "https://fedi.example.com/.well-known/webfinger?resource=acct:alice@fedi.example.com"
	if _, err := get(sys, u); !isCertError(err) {
		t.Errorf("GET %s with system roots: err = %v, want a certificate verification error", u, err)
	}
}

func (h *proxyChild) private(t *testing.T) {
	res := mapResolver{
		"fedi.example.com":  publicAddr,
		"inner.example.com": netip.MustParseAddrPort("10.0.0.7:443"),
		"loop.example.com":  netip.MustParseAddrPort("127.0.0.1:443"),
		"v6.example.com":    netip.MustParseAddrPort("[fd00::1]:443"),
	}
	c := NewClient(Options{Resolver: res, RootCAs: h.pool})
	for _, u := range []string{
		"https://inner.example.com/.well-known/webfinger?resource=acct:a@inner.example.com",
		"https://loop.example.com/",
		"https://v6.example.com/",
		"https://192.168.1.10/",
		"https://169.254.169.254/latest/meta-data/",
		"https://[fd00::1]/",
		"https://[::ffff:10.0.0.1]/",
		"http://10.0.0.7/",
		// Shorthand IPv4 that the proxy's resolver reads as loopback.
		"https://127.1/",
		"https://2130706433/",
		"https://0x7f.0.0.1/",
		"https://127.0.0.1./",
		// Loopback by definition (RFC 6761), whatever DNS says.
		"https://localhost./",
		"https://fedi.localhost/",
	} {
		h.mustUseProxy(t, c, u)
		var d dials
		_, err := d.get(c, u)
		if !isBlocked(err) {
			t.Errorf("GET %s: err = %v, want a *BlockedError", u, err)
		}
		if d.gets() != 0 || len(d.connects()) != 0 {
			t.Errorf("GET %s asked for %d connections and connected to %q; it must be refused before the proxy", u, d.gets(), d.connects())
		}
	}

	// Go never proxies loopback literals; the dial-time guard refuses them,
	// even when the target is the proxy's own address.
	u := "https://" + h.proxyAddr + "/"
	var d dials
	if _, err := d.get(c, u); !isBlocked(err) {
		t.Errorf("GET %s: err = %v, want a *BlockedError", u, err)
	}
	if got := d.connects(); len(got) != 0 {
		t.Errorf("GET %s connected to %q", u, got)
	}

	// A public host redirecting to a private one: the redirect is checked
	// like any request, so only the first hop reaches the proxy.
	u = "https://fedi.example.com/redirect-inner"
	h.mustUseProxy(t, c, u)
	if _, err := get(c, u); !isBlocked(err) {
		t.Errorf("GET %s: err = %v, want a *BlockedError for the redirect", u, err)
	}

	// --allow-private-network lets the private name through the proxy.
	open := NewClient(Options{Resolver: res, RootCAs: h.pool, AllowPrivate: true})
	u = "https://inner.example.com/.well-known/webfinger?resource=acct:a@inner.example.com"
	if body, err := get(open, u); err != nil || !strings.Contains(body, "acct:a@inner.example.com") {
		t.Errorf("GET %s with AllowPrivate: %q, %v", u, body, err)
	}
}

func (h *proxyChild) unresolved(t *testing.T) {
	res := mapResolver{"fedi.example.com": publicAddr} // social.example.com: no such host
	refuse := NewClient(Options{Resolver: res, RootCAs: h.pool})
	u := "https://social.example.com/.well-known/webfinger?resource=acct:bob@social.example.com"
	h.mustUseProxy(t, refuse, u)
	var d dials
	_, err := d.get(refuse, u)
	var ue *UnresolvedError
	if !errors.As(err, &ue) || ue.Host != "social.example.com" {
		t.Fatalf("GET %s: err = %v, want an *UnresolvedError for social.example.com", u, err)
	}
	for _, want := range []string{"FLEDGE_PROXY_NAMES=trust", "--proxy-names trust"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say to set %s", err, want)
		}
	}
	if strings.Contains(err.Error(), h.proxyAddr) {
		t.Errorf("error %q names the proxy (its URL may hold a password)", err)
	}
	if d.gets() != 0 || len(d.connects()) != 0 {
		t.Errorf("GET %s asked for %d connections and connected to %q; it must be refused before the proxy", u, d.gets(), d.connects())
	}
	// A name that does resolve, to a public address, is unaffected.
	pub := "https://fedi.example.com/.well-known/webfinger?resource=acct:alice@fedi.example.com"
	if body, err := get(refuse, pub); err != nil || !strings.Contains(body, "acct:alice@fedi.example.com") {
		t.Errorf("GET %s: %q, %v", pub, body, err)
	}
	for _, opts := range []Options{
		{Resolver: res, RootCAs: h.pool, ProxyNames: ProxyNamesTrust},
		{Resolver: res, RootCAs: h.pool, AllowPrivate: true},
	} {
		if body, err := get(NewClient(opts), u); err != nil || !strings.Contains(body, "acct:bob@social.example.com") {
			t.Errorf("GET %s with %+v: %q, %v", u, opts, body, err)
		}
	}
}

func (h *proxyChild) noProxy(t *testing.T) {
	res := mapResolver{"fedi.example.com": h.server} // social.example.com: no such host
	c := NewClient(Options{Resolver: res, RootCAs: h.pool, ProxyNames: ProxyNamesTrust})
	u := "https://fedi.example.com/.well-known/webfinger?resource=acct:alice@fedi.example.com"
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := c.Transport.(*transport).base.Proxy(req); err != nil || p != nil {
		t.Fatalf("NO_PROXY=fedi.example.com ignored: proxy for %s is %v, %v", u, p, err)
	}
	var d dials
	if _, err := d.get(c, u); !isBlocked(err) {
		t.Errorf("GET %s directly to a loopback address: err = %v, want a *BlockedError", u, err)
	}
	if got := d.connects(); len(got) != 0 {
		t.Errorf("GET %s connected to %q although refused", u, got)
	}

	exempt := newClient(Options{Resolver: res, RootCAs: h.pool}, h.server.Addr())
	d = dials{}
	body, err := d.get(exempt, u)
	if err != nil || !strings.Contains(body, "acct:alice@fedi.example.com") {
		t.Fatalf("GET %s directly: %q, %v", u, body, err)
	}
	if got := d.connects(); !slices.Equal(got, []string{h.server.String()}) {
		t.Errorf("GET %s connected to %q, want only the origin %s", u, got, h.server)
	}

	u = "https://social.example.com/.well-known/webfinger?resource=acct:bob@social.example.com"
	h.mustUseProxy(t, c, u)
	d = dials{}
	if body, err := d.get(c, u); err != nil || !strings.Contains(body, "acct:bob@social.example.com") {
		t.Errorf("GET %s through the proxy: %q, %v", u, body, err)
	}
	if got := d.connects(); !slices.Equal(got, []string{h.proxyAddr}) {
		t.Errorf("GET %s connected to %q, want only the proxy %s", u, got, h.proxyAddr)
	}
}
