package mastotest

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// sendRaw issues a request and reports the status, or 0 when the
// connection was dropped.
func sendRaw(t *testing.T, s *Server, token, method, path string, form url.Values) (int, http.Header) {
	t.Helper()
	var req *http.Request
	var err error
	if form != nil {
		req, err = http.NewRequest(method, s.URL()+path, stringsReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	} else {
		req, err = http.NewRequest(method, s.URL()+path, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	// A fresh transport per request: a dropped connection must not be
	// retried by the client or poison a pooled connection.
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return 0, nil
	}
	res.Body.Close()
	return res.StatusCode, res.Header
}

func TestFaultRatesAreSeeded(t *testing.T) {
	count := func() map[int]int {
		s := newTestServer(t, Options{})
		s.InjectFaults(Faults{Seed: 7, ErrorRate: 0.2, DropRate: 0.1, Storm429: 0.1})
		got := map[int]int{}
		for range 200 {
			code, _ := sendRaw(t, s, "", "GET", "/api/v1/instance", nil)
			got[code]++
		}
		return got
	}
	a, b := count(), count()
	for _, code := range []int{0, 200, 429, 500} {
		if a[code] != b[code] {
			t.Fatalf("same seed gave different counts: %v vs %v", a, b)
		}
	}
	// Roughly as configured: 20% errors, 10% drops, 10% storms of 200.
	within := func(n, want int) bool { return n > want/2 && n < want*2 }
	if !within(a[500], 40) || !within(a[0], 20) || !within(a[429], 20) || a[0]+a[200]+a[429]+a[500] != 200 {
		t.Fatalf("counts %v", a)
	}
}

func TestFaultLogAndRetryAfter(t *testing.T) {
	s := newTestServer(t, Options{})
	s.InjectFaults(Faults{Seed: 1, ErrorRate: 1, RetryAfter503: 120 * time.Second, Paths: []string{"/api/v2/"}})
	code, h := sendRaw(t, s, "", "GET", "/api/v2/instance", nil)
	if code != 503 || h.Get("Retry-After") != "120" {
		t.Fatalf("got %d Retry-After %q", code, h.Get("Retry-After"))
	}
	if code, _ := sendRaw(t, s, "", "GET", "/api/v1/instance", nil); code != 200 {
		t.Fatalf("path filter ignored: %d", code)
	}
	log := s.Requests()
	if len(log) != 2 || log[0].Fault != faultError || log[0].Status != 503 || log[1].Fault != "" {
		t.Fatalf("log %+v", log)
	}
	s.ResetRequests()
	if len(s.Requests()) != 0 {
		t.Fatal("log not reset")
	}
}

func TestFailNext(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	s.FailNext(2, http.StatusBadGateway)
	for range 2 {
		if code, _ := sendRaw(t, s, alice.Token, "POST", "/api/v1/statuses", url.Values{"status": {"x"}}); code != 502 {
			t.Fatalf("got %d, want 502", code)
		}
	}
	if code, _ := sendRaw(t, s, alice.Token, "POST", "/api/v1/statuses", url.Values{"status": {"x"}}); code != 200 {
		t.Fatalf("third request %d", code)
	}
	if n := len(s.Statuses("alice")); n != 1 {
		t.Fatalf("failed requests must not be processed: %d statuses", n)
	}
}

// TestDropAfterProcessing is the crash window an importer must survive:
// the status is created but the reply is lost; a retry with the same
// Idempotency-Key must not duplicate it.
func TestDropAfterProcessing(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	s.InjectFaults(Faults{Seed: 3, DropRate: 1, DropAfter: true})
	req := func() int {
		r, _ := http.NewRequest("POST", s.URL()+"/api/v1/statuses", stringsReader("status=hi"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Authorization", "Bearer "+alice.Token)
		r.Header.Set("Idempotency-Key", "tweet-42")
		res, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(r)
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := req(); code != 0 {
		t.Fatalf("expected a dropped connection, got %d", code)
	}
	s.InjectFaults(Faults{})
	if code := req(); code != 200 {
		t.Fatalf("retry got %d", code)
	}
	if n := len(s.Statuses("alice")); n != 1 {
		t.Fatalf("%d statuses, want 1", n)
	}
	if log := s.Requests(); log[0].Status != 0 || log[0].IdempotencyKey != "tweet-42" || log[0].Account != "alice" {
		t.Fatalf("log %+v", log[0])
	}
}

func TestSlowFaultHonoursCancel(t *testing.T) {
	s := newTestServer(t, Options{})
	s.InjectFaults(Faults{Seed: 1, SlowRate: 1, Slow: time.Hour})
	client := &http.Client{Timeout: 100 * time.Millisecond}
	if _, err := client.Get(s.URL() + "/api/v1/instance"); err == nil {
		t.Fatal("an hour-long delay answered")
	}
}

func TestRequestLogRedactsTokens(t *testing.T) {
	s := newTestServer(t, Options{MaxLog: 3})
	alice := s.AddAccount("alice", AccountOptions{})
	for range 5 {
		sendRaw(t, s, "", "GET", "/api/v1/accounts/verify_credentials?access_token="+alice.Token, nil)
	}
	log := s.Requests()
	if len(log) != 3 {
		t.Fatalf("log kept %d entries, want 3", len(log))
	}
	for _, e := range log {
		if e.Status != 200 || e.Path != "/api/v1/accounts/verify_credentials?access_token=REDACTED" {
			t.Fatalf("entry %+v", e)
		}
	}
}

// TestFaultsMax: with Max set, only that many requests meet a fault and
// the rest are served normally.
func TestFaultsMax(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	s.InjectFaults(Faults{ErrorRate: 1, Max: 2})
	var codes []int
	for range 4 {
		code, _ := sendRaw(t, s, alice.Token, "POST", "/api/v1/statuses", url.Values{"status": {"x"}})
		codes = append(codes, code)
	}
	if fmt.Sprint(codes) != "[500 500 200 200]" {
		t.Fatalf("codes %v, want two faults then answers", codes)
	}
}
