package safehttp

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// connectProxy is a forward proxy on loopback. It answers CONNECT for any
// host:port by tunnelling to one fixed backend, so clients can ask for
// public-looking names while nothing leaves the machine. Plain-HTTP proxy
// requests (HTTP_PROXY) it answers itself with "from proxy".
type connectProxy struct {
	ln      net.Listener
	backend string

	mu    sync.Mutex
	log   []string // "CONNECT host:port" or "GET http://…", in arrival order
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

func startProxy(t *testing.T, backend string) *connectProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &connectProxy{ln: ln, backend: backend, conns: make(map[net.Conn]struct{})}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(p.close)
	return p
}

// URL is the value for HTTPS_PROXY and HTTP_PROXY.
func (p *connectProxy) URL() string { return "http://" + p.ln.Addr().String() }

// Log returns the requests seen so far.
func (p *connectProxy) Log() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.log...)
}

func (p *connectProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.track(c)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer p.untrack(c)
			p.handle(c)
		}()
	}
}

func (p *connectProxy) handle(c net.Conn) {
	defer c.Close()
	// A stuck test must not leave this goroutine behind forever.
	_ = c.SetDeadline(time.Now().Add(2 * time.Minute))
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	if req.Method != http.MethodConnect {
		p.record(req.Method + " " + req.RequestURI)
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nfrom proxy")
		return
	}
	// Recorded before the 200, so a client that got its answer proves the
	// entry is already in the log.
	p.record("CONNECT " + req.RequestURI)
	up, err := net.DialTimeout("tcp", p.backend, 10*time.Second)
	if err != nil {
		fmt.Fprintf(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	p.track(up)
	defer p.untrack(up)
	defer up.Close()
	_ = up.SetDeadline(time.Now().Add(2 * time.Minute))
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		// br, not c: it may already hold the start of the TLS handshake.
		_, _ = io.Copy(up, br)
		if tc, ok := up.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
	}()
	_, _ = io.Copy(c, up)
	_ = c.Close()
	<-done
}

// track remembers an open connection so close can end its tunnel.
func (p *connectProxy) track(c net.Conn) {
	p.mu.Lock()
	p.conns[c] = struct{}{}
	p.mu.Unlock()
}

func (p *connectProxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

func (p *connectProxy) record(s string) {
	p.mu.Lock()
	p.log = append(p.log, s)
	p.mu.Unlock()
}

func (p *connectProxy) close() {
	_ = p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// writePEM stores a certificate where a child process can load it.
func writePEM(t *testing.T, der []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// proxyVars are the variables net/http reads for proxies (REQUEST_METHOD
// turns HTTP_PROXY off, as in CGI). The child gets only the ones a test sets.
var proxyVars = map[string]bool{"http_proxy": true, "https_proxy": true, "no_proxy": true, "request_method": true}

// runHelper re-runs the test binary as a child process with only the test
// named helper selected and env added, since net/http reads the proxy
// variables once per process. It fails t unless the helper ran and passed.
func runHelper(t *testing.T, helper string, env ...string) {
	t.Helper()
	var childEnv []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !proxyVars[strings.ToLower(name)] {
			childEnv = append(childEnv, kv)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// The child's own -test.timeout makes a hang print its stacks; the
	// context is the backstop should even that not end it.
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+helper+"$", "-test.v", "-test.count=1", "-test.timeout=2m")
	cmd.Env = append(childEnv, env...)
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", helper, err, out)
	}
	if !strings.Contains(string(out), "--- PASS: "+helper+" ") {
		t.Fatalf("%s did not run:\n%s", helper, out)
	}
	t.Logf("%s:\n%s", helper, out)
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
