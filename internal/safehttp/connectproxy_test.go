package safehttp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// writePEM stores a certificate where a child process can load it.
func writePEM(t *testing.T, der []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// proxyChild is what the child process knows about the parent's servers.
type proxyChild struct {
	pool      *x509.CertPool
	server    netip.AddrPort // the TLS origin, on loopback
	proxyAddr string         // host:port of the proxy
}

func loadProxyChild(t *testing.T) *proxyChild {
	t.Helper()
	pemBytes, err := os.ReadFile(os.Getenv(envProxyCA))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("no certificate in " + os.Getenv(envProxyCA))
	}
	server, err := netip.ParseAddrPort(os.Getenv(envProxyServer))
	if err != nil {
		t.Fatal(err)
	}
	return &proxyChild{pool: pool, server: server, proxyAddr: os.Getenv(envProxyAddr)}
}

// mustUseProxy stops the test unless the client would hand rawURL to the
// test proxy: the request is then never sent anywhere else.
func (h *proxyChild) mustUseProxy(t *testing.T, c *http.Client, rawURL string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Transport.(*transport).base.Proxy(req)
	if err != nil || p == nil || p.Host != h.proxyAddr {
		t.Fatalf("%s would not go through the proxy %s (proxy %v, %v); not sending it", rawURL, h.proxyAddr, p, err)
	}
}

// dials records, through httptrace, the connections one request asked
// for and the TCP connects it started.
type dials struct {
	mu      sync.Mutex
	getConn int
	addrs   []string
}

func (d *dials) get(c *http.Client, rawURL string) (string, error) {
	trace := &httptrace.ClientTrace{
		GetConn: func(string) {
			d.mu.Lock()
			d.getConn++
			d.mu.Unlock()
		},
		ConnectStart: func(_, addr string) {
			d.mu.Lock()
			d.addrs = append(d.addrs, addr)
			d.mu.Unlock()
		},
	}
	ctx, cancel := context.WithTimeout(httptrace.WithClientTrace(context.Background(), trace), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return "", err
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func (d *dials) gets() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.getConn
}

func (d *dials) connects() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.addrs...)
}

func isBlocked(err error) bool {
	var be *BlockedError
	return errors.As(err, &be)
}

func isCertError(err error) bool {
	var ce *tls.CertificateVerificationError
	return errors.As(err, &ce)
}
