// Package proxytest is a forward proxy on loopback for tests of proxy
// support, and the re-exec helper those tests need: net/http reads the
// proxy variables once per process, so each case runs in a child.
package proxytest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Proxy answers CONNECT for any host:port by tunnelling to one fixed
// backend, so a client can name a public-looking server while nothing
// leaves the machine. Plain-HTTP proxy requests (HTTP_PROXY) it answers
// itself with the body "from proxy".
type Proxy struct {
	ln      net.Listener
	backend string

	mu    sync.Mutex
	log   []string // "CONNECT host:port" or "GET http://…", in arrival order
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// Start runs a proxy that tunnels to backend (host:port) until t ends.
func Start(t testing.TB, backend string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{ln: ln, backend: backend, conns: make(map[net.Conn]struct{})}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(p.close)
	return p
}

// URL is the value for HTTPS_PROXY and HTTP_PROXY.
func (p *Proxy) URL() string { return "http://" + p.Addr() }

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Log returns the requests seen so far.
func (p *Proxy) Log() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.log...)
}

func (p *Proxy) serve() {
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

func (p *Proxy) handle(c net.Conn) {
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
func (p *Proxy) track(c net.Conn) {
	p.mu.Lock()
	p.conns[c] = struct{}{}
	p.mu.Unlock()
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

func (p *Proxy) record(s string) {
	p.mu.Lock()
	p.log = append(p.log, s)
	p.mu.Unlock()
}

func (p *Proxy) close() {
	_ = p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// proxyVars are the variables net/http reads for proxies (REQUEST_METHOD
// turns HTTP_PROXY off, as in CGI), and the TLS roots: the child gets
// them only as a test sets them.
var proxyVars = map[string]bool{
	"http_proxy": true, "https_proxy": true, "no_proxy": true, "request_method": true,
	"ssl_cert_file": true, "ssl_cert_dir": true,
}

// RunHelper re-runs the test binary as a child process with only the
// test named helper selected and env added. It fails t unless the helper
// ran and passed.
func RunHelper(t testing.TB, helper string, env ...string) {
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
