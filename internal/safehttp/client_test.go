package safehttp

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// mapResolver sends every listed name to a fixed address.
type mapResolver map[string]netip.AddrPort

func (m mapResolver) Resolve(_ context.Context, host, _ string) ([]netip.AddrPort, error) {
	ap, ok := m[host]
	if !ok {
		return nil, fmt.Errorf("no such host %s", host)
	}
	return []netip.AddrPort{ap}, nil
}

func tlsServer(t *testing.T, h http.Handler) (*httptest.Server, netip.AddrPort, *x509.CertPool) {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	return srv, netip.MustParseAddrPort(srv.Listener.Addr().String()), pool
}

func get(c *http.Client, u string) (string, error) {
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestRefusesPrivateAddresses(t *testing.T) {
	var hits atomic.Int64
	_, ap, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "ok")
	}))
	port := fmt.Sprint(ap.Port())
	res := mapResolver{
		"loop.example.com":    ap,
		"private.example.com": netip.MustParseAddrPort("10.0.0.7:" + port),
		"meta.example.com":    netip.MustParseAddrPort("169.254.169.254:" + port),
		"multi.example.com":   netip.MustParseAddrPort("[ff02::1]:" + port),
		"zero.example.com":    netip.MustParseAddrPort("0.0.0.0:" + port),
	}
	c := NewClient(Options{Resolver: res, RootCAs: pool, Timeout: 5 * time.Second})
	for _, u := range []string{
		"https://" + ap.String() + "/",           // literal loopback
		"https://[::1]:" + port + "/",            // literal IPv6 loopback
		"https://loop.example.com:" + port + "/", // a name resolving to loopback
		"https://private.example.com/",
		"https://meta.example.com/",
		"https://multi.example.com/",
		"https://zero.example.com/",
		"https://0.0.0.0:" + port + "/",
	} {
		_, err := get(c, u)
		var be *BlockedError
		if !errors.As(err, &be) {
			t.Errorf("GET %s: err = %v, want a *BlockedError", u, err)
			continue
		}
		if !strings.Contains(err.Error(), "--allow-private-network") {
			t.Errorf("GET %s: error %q does not say how to allow it", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("server saw %d requests; want none", n)
	}

	allowed := NewClient(Options{AllowPrivate: true, Resolver: res, RootCAs: pool})
	body, err := get(allowed, "https://loop.example.com:"+port+"/")
	if err != nil || body != "ok" {
		t.Fatalf("with AllowPrivate: %q, %v", body, err)
	}
}

func TestRefusesRedirectToPrivateAddress(t *testing.T) {
	var hits atomic.Int64
	var target string
	_, ap, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, target, http.StatusFound)
	}))
	port := fmt.Sprint(ap.Port())
	res := mapResolver{
		"start.example.com": ap,
		"inner.example.com": netip.MustParseAddrPort("192.168.0.10:" + port),
	}
	c := newClient(Options{Resolver: res, RootCAs: pool}, ap.Addr())
	for _, tgt := range []string{
		"https://inner.example.com/",
		"https://169.254.169.254/latest/meta-data/",
		"https://127.0.0.2:" + port + "/",
	} {
		target = tgt
		hits.Store(0)
		_, err := get(c, "https://start.example.com:"+port+"/")
		var be *BlockedError
		if !errors.As(err, &be) {
			t.Errorf("redirect to %s: err = %v, want a *BlockedError", tgt, err)
		}
		if hits.Load() != 1 {
			t.Errorf("redirect to %s: %d requests reached the server, want 1", tgt, hits.Load())
		}
	}
}

func TestRedirectLimits(t *testing.T) {
	var hits atomic.Int64
	srv, ap, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/plain":
			http.Redirect(w, r, "http://"+r.Host+"/", http.StatusFound)
		}
	}))
	c := newClient(Options{RootCAs: pool, MaxRedirects: 5}, ap.Addr())
	_, err := get(c, srv.URL+"/loop")
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("redirect loop: err = %v, want ErrTooManyRedirects", err)
	}
	if n := hits.Load(); n != 6 {
		t.Errorf("redirect loop made %d requests, want 6 (1 + 5 redirects)", n)
	}
	_, err = get(c, srv.URL+"/plain")
	if !errors.Is(err, ErrInsecureRedirect) {
		t.Errorf("https to http: err = %v, want ErrInsecureRedirect", err)
	}
}

func TestBodyCap(t *testing.T) {
	srv, ap, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := 100
		if r.URL.Path == "/big" {
			n = 101
		}
		fmt.Fprint(w, strings.Repeat("x", n))
	}))
	c := newClient(Options{RootCAs: pool, MaxBody: 100}, ap.Addr())
	if body, err := get(c, srv.URL+"/exact"); err != nil || len(body) != 100 {
		t.Errorf("body at the cap: %d bytes, %v", len(body), err)
	}
	if _, err := get(c, srv.URL+"/big"); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("body over the cap: err = %v, want ErrBodyTooLarge", err)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv, ap, pool := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer close(release)
	c := newClient(Options{RootCAs: pool, Timeout: 200 * time.Millisecond}, ap.Addr())
	_, err := get(c, srv.URL)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("slow server: err = %v, want a timeout", err)
	}
}

func TestKeepsStandardTransport(t *testing.T) {
	c := NewClient(Options{})
	tr, ok := c.Transport.(*transport)
	if !ok {
		t.Fatalf("transport is %T", c.Transport)
	}
	if tr.base.Proxy == nil {
		t.Error("the proxy function of http.DefaultTransport was dropped")
	}
	if tr.base.TLSClientConfig != nil && tr.base.TLSClientConfig.RootCAs != nil {
		t.Error("system roots (SSL_CERT_FILE) replaced without RootCAs")
	}
	if c.Timeout != DefaultTimeout {
		t.Errorf("timeout %v, want %v", c.Timeout, DefaultTimeout)
	}
}
