package safehttp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"
)

// Defaults used when an Options field is zero.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultTimeout        = 15 * time.Second
	DefaultMaxBody        = 1 << 20 // 1 MiB: a JRD or an actor is a few KB
	DefaultMaxRedirects   = 5
)

// Options configures NewClient.
type Options struct {
	// AllowPrivate permits loopback, private, link-local, multicast and
	// unspecified addresses (--allow-private-network, and tests).
	AllowPrivate bool
	// ProxyNames decides what happens to a name that does not resolve here
	// when the request goes to a proxy; the zero value refuses it (see
	// ProxyNames for why). AllowPrivate makes it moot: nothing is checked.
	ProxyNames ProxyNames
	// Resolver replaces DNS; nil means the system resolver. Tests use it to
	// map any host name to a loopback server.
	Resolver Resolver
	// ConnectTimeout bounds each TCP connect, Timeout the whole request
	// including redirects and reading the body.
	ConnectTimeout, Timeout time.Duration
	// MaxBody caps every response body; reading past it fails with
	// ErrBodyTooLarge. Negative means no cap.
	MaxBody int64
	// MaxRedirects caps the redirects followed per request.
	MaxRedirects int
	// RootCAs replaces the system roots (tests only; in normal use the
	// system pool, which honours SSL_CERT_FILE, is kept).
	RootCAs *x509.CertPool
}

// Resolver maps a host and port to the addresses to connect to.
type Resolver interface {
	Resolve(ctx context.Context, host, port string) ([]netip.AddrPort, error)
}

// SystemResolver resolves through net.DefaultResolver.
type SystemResolver struct{}

// Resolve implements Resolver.
func (SystemResolver) Resolve(ctx context.Context, host, port string) ([]netip.AddrPort, error) {
	p, err := net.DefaultResolver.LookupPort(ctx, "tcp", port)
	if err != nil {
		return nil, err
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	out := make([]netip.AddrPort, len(ips))
	for i, ip := range ips {
		out[i] = netip.AddrPortFrom(ip.Unmap(), uint16(p))
	}
	return out, nil
}

// Errors a request can fail with (wrapped in *url.Error).
var (
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrInsecureRedirect = errors.New("redirect from https to plain http refused")
	ErrBodyTooLarge     = errors.New("response body too large")
)

// NewClient returns an HTTP client built from a clone of
// http.DefaultTransport with only the dialer replaced, so proxy settings and
// TLS roots behave exactly as in any Go program.
func NewClient(opts Options) *http.Client {
	return newClient(opts, netip.Addr{})
}

// NewTestClient is for tests of other packages that need the guard at work
// against fake servers: it exempts the one loopback address their server
// listens on while every other private address stays refused, and it never
// dials a non-loopback address at all, so a test whose fake resolver names
// 10.0.0.5 sends nothing there even should the guard fail (the request
// then fails with an error that is no *BlockedError). It panics unless
// exempt is a loopback address.
func NewTestClient(opts Options, exempt netip.Addr) *http.Client {
	if !exempt.Unmap().IsLoopback() {
		panic(fmt.Sprintf("safehttp.NewTestClient: %s is not a loopback address", exempt))
	}
	c := newClient(opts, exempt.Unmap())
	c.Transport.(*transport).dialer.loopbackOnly = true
	return c
}

// newClient lets tests exempt the one loopback address their servers listen
// on while every other private address stays refused.
func newClient(opts Options, exempt netip.Addr) *http.Client {
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = DefaultConnectTimeout
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBody == 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.Resolver == nil {
		opts.Resolver = SystemResolver{}
	}
	d := &dialer{opts: opts, exempt: exempt}
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.DialContext = d.DialContext
	// Verification talks to hundreds of hosts; the default pool of 100
	// idle connections would close and re-handshake most of them.
	base.MaxIdleConns = 1024
	if opts.RootCAs != nil {
		base.TLSClientConfig = &tls.Config{RootCAs: opts.RootCAs, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{
		Transport: &transport{base: base, dialer: d, maxBody: opts.MaxBody},
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opts.MaxRedirects {
				return fmt.Errorf("%w (more than %d, last to %s)", ErrTooManyRedirects, opts.MaxRedirects, req.URL.Redacted())
			}
			if req.URL.Scheme != "https" && via[len(via)-1].URL.Scheme == "https" {
				return fmt.Errorf("%w: %s", ErrInsecureRedirect, req.URL.Redacted())
			}
			return nil
		},
	}
}

// transport adds the body cap and the proxy bookkeeping around the cloned
// standard transport.
type transport struct {
	base    *http.Transport
	dialer  *dialer
	maxBody int64
}

type proxyAddrKey struct{}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.base.Proxy != nil {
		proxy, err := t.base.Proxy(req)
		if err != nil {
			return nil, err
		}
		if proxy != nil {
			// The proxy resolves the target itself, so the dial-time check
			// can only see the proxy. Check the target here (best effort:
			// the proxy's DNS may differ) and let the dialer through to the
			// proxy the user configured.
			if err := t.dialer.precheck(req.Context(), req.URL); err != nil {
				return nil, err
			}
			req = req.WithContext(context.WithValue(req.Context(), proxyAddrKey{}, proxyHostPort(proxy)))
		}
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil || t.maxBody < 0 {
		return resp, err
	}
	resp.Body = &cappedBody{rc: resp.Body, left: t.maxBody}
	return resp, nil
}

func proxyHostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch u.Scheme {
		case "https":
			port = "443"
		case "socks5", "socks5h":
			port = "1080"
		default:
			port = "80"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}
