package mastodon

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/retry"
)

// step is one scripted server answer.
type step func(w http.ResponseWriter, r *http.Request, now time.Time)

func ok200(w http.ResponseWriter, _ *http.Request, _ time.Time) {
	writeJSON(w, 200, `{"id":"7","acct":"a@b"}`)
}

func tooMany(resetIn time.Duration) step {
	return func(w http.ResponseWriter, _ *http.Request, now time.Time) {
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", now.Add(resetIn).Format("2006-01-02T15:04:05.000000Z"))
		writeJSON(w, 429, `{"error":"Too many requests"}`)
	}
}

func unavailable(retryAfter string) step {
	return func(w http.ResponseWriter, _ *http.Request, _ time.Time) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		writeJSON(w, 503, `{"error":"maintenance"}`)
	}
}

func status(code int, msg string) step {
	return func(w http.ResponseWriter, _ *http.Request, _ time.Time) {
		writeJSON(w, code, `{"error":"`+msg+`"}`)
	}
}

// script serves steps in order (the last repeats) and records requests.
type script struct {
	mu     sync.Mutex
	steps  []step
	clock  *fakeClock
	n      int
	bodies []string
	keys   []string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	i := min(s.n, len(s.steps)-1)
	s.n++
	s.bodies = append(s.bodies, string(b))
	s.keys = append(s.keys, r.Header.Get("Idempotency-Key"))
	s.mu.Unlock()
	s.steps[i](w, r, s.clock.Now())
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func TestTransportScripted(t *testing.T) {
	retryAt := t0.Add(90 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name     string
		method   string // GET: lookup; POST: add to a list (not repeatable); FOLLOW: follow (repeatable)
		key      string
		steps    []step
		netErrs  []error
		opts     Options
		wantReqs int // requests that reached the server
		wantErr  error
		wantWait []string // reasons reported through OnWait
		minSlept time.Duration
	}{
		{name: "429 then 200 waits until Reset", method: "GET",
			steps: []step{tooMany(4 * time.Minute), ok200}, wantReqs: 2,
			wantWait: []string{WaitRateLimited}, minSlept: 4 * time.Minute},
		{name: "503 Retry-After seconds", method: "GET",
			steps: []step{unavailable("120"), ok200}, wantReqs: 2,
			wantWait: []string{WaitUnavailable}, minSlept: 120 * time.Second},
		{name: "503 Retry-After HTTP date", method: "POST",
			steps: []step{unavailable(retryAt), ok200}, wantReqs: 2,
			wantWait: []string{WaitUnavailable}, minSlept: 89 * time.Second},
		{name: "5xx on GET backs off then gives up", method: "GET",
			steps: []step{status(502, "bad gateway")}, opts: Options{MaxRetries: 3, MaxBackoff: 4 * time.Second},
			wantReqs: 4, wantErr: ErrRetryable,
			wantWait: []string{WaitRetry, WaitRetry, WaitRetry}},
		{name: "5xx on POST without key is not retried", method: "POST",
			steps: []step{status(500, "oops")}, wantReqs: 1, wantErr: ErrRetryable},
		{name: "422 is not retried", method: "POST",
			steps: []step{status(422, "Validation failed")}, wantReqs: 1},
		{name: "404 is not retried", method: "GET",
			steps: []step{status(404, "Record not found")}, wantReqs: 1, wantErr: ErrNotFound},
		{name: "401 is an auth error", method: "GET",
			steps: []step{status(401, "The access token is invalid")}, wantReqs: 1, wantErr: ErrAuth},
		{name: "network error on GET is retried", method: "GET",
			netErrs: []error{errReset}, steps: []step{ok200}, wantReqs: 1,
			wantWait: []string{WaitRetry}},
		{name: "POST without key not retried after send", method: "POST",
			netErrs: []error{errReset}, steps: []step{ok200}, wantReqs: 0, wantErr: ErrRetryable},
		{name: "POST with key retried after send", method: "POST", key: "tweet-1",
			netErrs: []error{errReset}, steps: []step{ok200}, wantReqs: 1,
			wantWait: []string{WaitRetry}},
		{name: "follow retried after send (following twice is following once)", method: "FOLLOW",
			netErrs: []error{errReset}, steps: []step{ok200}, wantReqs: 1,
			wantWait: []string{WaitRetry}},
		{name: "5xx on follow is retried", method: "FOLLOW",
			steps: []step{status(502, "bad gateway"), ok200}, wantReqs: 2,
			wantWait: []string{WaitRetry}},
		{name: "POST without key retried when never sent", method: "POST",
			netErrs: []error{errDial}, steps: []step{ok200}, wantReqs: 1,
			wantWait: []string{WaitRetry}},
		{name: "429 beyond MaxWait gives up", method: "GET",
			steps: []step{tooMany(time.Hour)}, opts: Options{MaxWait: time.Minute},
			wantReqs: 1, wantErr: ErrRetryable},
		{name: "repeated 429 gives up without looping", method: "GET",
			steps: []step{tooMany(time.Minute)}, opts: Options{MaxRetries: 2},
			wantReqs: 3, wantErr: ErrRetryable,
			wantWait: []string{WaitRateLimited, WaitRateLimited}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock(t0)
			s := &script{steps: tc.steps, clock: clock}
			var mu sync.Mutex
			var waits []string
			opts := tc.opts
			opts.Clock = clock
			opts.Headroom = -1
			opts.OnWait = func(e WaitEvent) {
				mu.Lock()
				defer mu.Unlock()
				if e.Reason != WaitPacing {
					waits = append(waits, e.Reason)
				}
			}
			c, _, srv := testClient(t, s, opts)
			rt := &scriptedRT{errs: tc.netErrs, base: srv.Client().Transport}
			c.http.Transport.(*transport).base = rt

			ctx := context.Background()
			if tc.key != "" {
				ctx = WithIdempotencyKey(ctx, tc.key)
			}
			var err error
			switch tc.method {
			case "GET":
				_, err = c.Lookup(ctx, "a@b")
			case "FOLLOW":
				_, err = c.Follow(ctx, "7", FollowOptions{Languages: []string{"de", "en"}})
			default:
				err = c.AddToList(ctx, "3", "7", "8")
			}
			switch {
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			case tc.wantErr == nil && tc.name == "422 is not retried":
				var pe *PermanentError
				if !errors.As(err, &pe) || pe.Status != 422 || pe.Message != "Validation failed" {
					t.Fatalf("err = %#v, want PermanentError 422", err)
				}
			case tc.wantErr == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			}
			if got := s.count(); got != tc.wantReqs {
				t.Errorf("server saw %d requests, want %d", got, tc.wantReqs)
			}
			if strings.Join(waits, ",") != strings.Join(tc.wantWait, ",") {
				t.Errorf("waits = %v, want %v", waits, tc.wantWait)
			}
			var slept time.Duration
			for _, d := range clock.Sleeps() {
				slept += d
				if tc.opts.MaxBackoff > 0 && d > tc.opts.MaxBackoff && tc.wantWait[0] == WaitRetry {
					t.Errorf("backoff step %v exceeds cap %v", d, tc.opts.MaxBackoff)
				}
			}
			if slept < tc.minSlept {
				t.Errorf("slept %v, want at least %v", slept, tc.minSlept)
			}
			// Every attempt of a POST carries the same body and key.
			for i := 1; i < len(s.bodies); i++ {
				if s.bodies[i] != s.bodies[0] || s.keys[i] != s.keys[0] {
					t.Errorf("attempt %d sent body %q key %q, first sent %q %q", i, s.bodies[i], s.keys[i], s.bodies[0], s.keys[0])
				}
			}
			if tc.key != "" && len(s.keys) > 0 && s.keys[0] != tc.key {
				t.Errorf("Idempotency-Key = %q, want %q", s.keys[0], tc.key)
			}
		})
	}
}

func TestTransportMayHaveApplied(t *testing.T) {
	s := &script{steps: []step{ok200}, clock: newFakeClock(t0)}
	c, _, srv := testClient(t, s, Options{})
	c.http.Transport.(*transport).base = &scriptedRT{errs: []error{errReset}, base: srv.Client().Transport}
	err := c.AddToList(context.Background(), "3", "7")
	var re *RetryableError
	if !errors.As(err, &re) || !re.MayHaveApplied {
		t.Fatalf("err = %v, want RetryableError with MayHaveApplied", err)
	}
}

// A cancelled context ends a long wait at once with the context's error.
func TestTransportCancelDuringWait(t *testing.T) {
	clock := retry.Real{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
		writeJSON(w, 429, `{"error":"Too many requests"}`)
	})
	waiting := make(chan struct{}, 1)
	c, _, _ := testClient(t, h, Options{Clock: clock, OnWait: func(WaitEvent) {
		select {
		case waiting <- struct{}{}:
		default:
		}
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Lookup(ctx, "a@b")
		done <- err
	}()
	<-waiting
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
