package mastodon

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer collects log output written from the transport.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRequestLog checks what -v and -vv write per request, and that a
// token planted in the header, the query and the body never reaches the
// log.
func TestRequestLog(t *testing.T) {
	const planted = "PLANTED-s3cr3t-t0ken"
	for _, tc := range []struct {
		name     string
		level    slog.Level
		want     []string
		wantNone []string
	}{
		{"quiet", slog.LevelWarn, nil, []string{"request"}},
		{"-v", slog.LevelInfo, []string{"method=GET", "path=/api/v2/search", "status=429", "status=200", "wait="}, []string{"took="}},
		{"-vv", slog.LevelDebug, []string{"method=GET", "path=/api/v2/search", "status=200", "wait=", "took="}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out lockedBuffer
			log := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: tc.level}))
			s := &script{steps: []step{tooMany(0), ok200}}
			srv := httptest.NewServer(s)
			t.Cleanup(srv.Close)
			s.clock = newFakeClock(t0)
			c, err := New(srv.URL, planted, Options{Base: srv.Client().Transport, Clock: s.clock, Logger: log})
			if err != nil {
				t.Fatal(err)
			}
			// The token rides in the header; the query carries it too, as an
			// OAuth code or a careless search would.
			if _, err := c.call(context.Background(), http.MethodGet, "/api/v2/search",
				map[string][]string{"q": {planted}, "access_token": {planted}}, formBody(map[string][]string{"token": {planted}}), nil); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if strings.Contains(got, planted) {
				t.Fatalf("the log shows the token:\n%s", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("log lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tc.wantNone {
				if strings.Contains(got, w) {
					t.Errorf("log has %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestRefusedConnectionGivesUpFast: nothing listens on the port (a stopped
// server, a wrong address), so the client tries at most twice instead of
// backing off for half a minute.
func TestRefusedConnectionGivesUpFast(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // now the port refuses connections
	counting := &scriptedRT{base: http.DefaultTransport.(*http.Transport).Clone()}
	var out lockedBuffer
	c, err := New("http://"+addr, "tok", Options{
		Base: counting, Clock: newFakeClock(t0), MaxRetries: 5,
		Logger: slog.New(slog.NewTextHandler(&out, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.VerifyCredentials(context.Background())
	if !errors.Is(err, ErrRetryable) || !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("err = %v, want an unreachable, retryable 'connection refused'", err)
	}
	if n := counting.count(); n < 1 || n > 1+maxRefusedRetries {
		t.Fatalf("%d attempts against a closed port, want at most %d", n, 1+maxRefusedRetries)
	}
	if !strings.Contains(out.String(), "error=\"connection refused\"") {
		t.Errorf("log does not name the refusal:\n%s", out.String())
	}
}

// TestUnknownHostIsNotRetried: no such host will not start existing in the
// next second, so the request is not repeated at all.
func TestUnknownHostIsNotRetried(t *testing.T) {
	dnsErr := &net.DNSError{Err: "no such host", Name: "mastodon.invalid", IsNotFound: true}
	rt := &scriptedRT{errs: []error{dnsErr, dnsErr, dnsErr}}
	c, err := New("https://mastodon.invalid", "tok", Options{Base: rt, Clock: newFakeClock(t0)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.VerifyCredentials(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no such host") || errors.Is(err, ErrRetryable) || !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want a permanent, unreachable 'no such host'", err)
	}
	if n := rt.count(); n != 1 {
		t.Fatalf("%d attempts for an unknown host, want 1", n)
	}
}
