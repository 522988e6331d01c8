package mastodon

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/retry"
)

// fakeClock is the fast-retry switch: Sleep returns at once and moves Now.
type fakeClock = retry.Fake

var newFakeClock = retry.NewFake

// t0 is a fixed instant in the middle of every window.
var t0 = time.Date(2026, 11, 21, 22, 13, 30, 0, time.UTC)

// testClient starts h on an httptest server and returns a client for it
// with a fake clock and no headroom.
func testClient(t *testing.T, h http.Handler, opts Options) (*Client, *fakeClock, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	clock := newFakeClock(t0)
	if opts.Clock == nil {
		opts.Clock = clock
	}
	if opts.Base == nil {
		opts.Base = srv.Client().Transport
	}
	c, err := New(srv.URL, "sekrit-token-123", opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, clock, srv
}

// scriptedRT is a base transport that fails the first calls with the
// given errors, then delegates.
type scriptedRT struct {
	mu    sync.Mutex
	errs  []error
	base  http.RoundTripper
	calls int
}

func (s *scriptedRT) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.calls++
	var err error
	if len(s.errs) > 0 {
		err, s.errs = s.errs[0], s.errs[1:]
	}
	s.mu.Unlock()
	if err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	return s.base.RoundTrip(req)
}

var (
	errDial  = &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	errReset = &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
)

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func (s *scriptedRT) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}
