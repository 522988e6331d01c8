package mastotest

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var microRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)

func TestRateLimitHeadersOnEveryAPIResponse(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now})
	alice := s.AddAccount("alice", AccountOptions{})
	for _, path := range []string{"/api/v1/accounts/verify_credentials", "/api/v2/instance", "/api/v1/statuses/999"} {
		r := do(t, s, alice.Token, "GET", path, nil)
		for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
			if r.header.Get(h) == "" {
				t.Errorf("%s: missing %s", path, h)
			}
		}
		if reset := r.header.Get("X-RateLimit-Reset"); !microRE.MatchString(reset) {
			t.Errorf("%s: reset %q is not ISO 8601 with microseconds", path, reset)
		}
	}
	// 22:00 is a multiple of 5 minutes, so the window ends at 22:05.
	r := do(t, s, alice.Token, "GET", "/api/v2/instance", nil)
	if got := r.header.Get("X-RateLimit-Reset"); got != "2026-11-21T22:05:00.000000Z" {
		t.Errorf("reset = %s", got)
	}
	if got := r.header.Get("X-RateLimit-Remaining"); got != "296" {
		t.Errorf("remaining after 4 requests = %s, want 296", got)
	}
}

func TestPerTokenLimitAndWindowReset(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now, Limits: Limits{API: Limit{N: 5, Per: 2 * time.Second}}})
	alice := s.AddAccount("alice", AccountOptions{})
	for i := range 5 {
		r := do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil)
		wantCode(t, r, 200)
		if got, want := r.header.Get("X-RateLimit-Remaining"), strconv.Itoa(4-i); got != want {
			t.Errorf("request %d: remaining %s, want %s", i, got, want)
		}
	}
	r := do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil)
	wantCode(t, r, 429)
	if msg := r.errMsg(t); msg != "Too many requests" {
		t.Errorf("429 body %q", msg)
	}
	if r.header.Get("X-RateLimit-Remaining") != "0" || r.header.Get("Retry-After") != "" {
		t.Errorf("429 headers %v", r.header)
	}
	clk.Advance(2 * time.Second)
	wantCode(t, do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil), 200)
}

func TestStatusesFamilyCountsOnlySuccesses(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now, Limits: Limits{Statuses: Limit{N: 3, Per: time.Hour}}})
	alice := s.AddAccount("alice", AccountOptions{})
	wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {""}}), 422) // not counted
	for i := range 3 {
		r := postStatus(t, s, alice.Token, url.Values{"status": {fmt.Sprint("post ", i)}})
		wantCode(t, r, 200)
		if got, want := r.header.Get("X-RateLimit-Limit"), "3"; got != want {
			t.Errorf("family limit header %s, want %s", got, want)
		}
		if got, want := r.header.Get("X-RateLimit-Remaining"), strconv.Itoa(2-i); got != want {
			t.Errorf("post %d: remaining %s, want %s", i, got, want)
		}
	}
	r := postStatus(t, s, alice.Token, url.Values{"status": {"one too many"}})
	wantCode(t, r, 429)
	if got := r.header.Get("X-RateLimit-Reset"); got != "2026-11-21T23:00:00.000000Z" {
		t.Errorf("family reset %s", got)
	}
	if n := len(s.Statuses("alice")); n != 3 {
		t.Errorf("%d statuses stored, want 3", n)
	}
	clk.Advance(time.Hour)
	wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {"next window"}}), 200)
}

func TestFollowsFamilyScaledDown(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now, Limits: Limits{Follows: Limit{N: 40, Per: 2 * time.Second}}})
	alice := s.AddAccount("alice", AccountOptions{})
	var ids []string
	for i := range 45 {
		ids = append(ids, s.AddRemoteAccount(fmt.Sprintf("u%d@remote.example", i), RemoteOptions{Known: true}).ID)
	}
	ok, limited := 0, 0
	for _, id := range ids {
		switch r := do(t, s, alice.Token, "POST", "/api/v1/accounts/"+id+"/follow", nil); r.code {
		case 200:
			ok++
		case 429:
			limited++
		default:
			t.Fatalf("unexpected %d %s", r.code, r.body)
		}
	}
	if ok != 40 || limited != 5 {
		t.Fatalf("ok=%d limited=%d, want 40/5", ok, limited)
	}
	clk.Advance(2 * time.Second)
	wantCode(t, do(t, s, alice.Token, "POST", "/api/v1/accounts/"+ids[44]+"/follow", nil), 200)
	// Re-following updates options and does not count.
	wantCode(t, do(t, s, alice.Token, "POST", "/api/v1/accounts/"+ids[0]+"/follow", url.Values{"reblogs": {"false"}}), 200)
}

func TestMediaAndDeleteBuckets(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now, Limits: Limits{Media: Limit{N: 2, Per: time.Minute}, Deletes: Limit{N: 1, Per: time.Minute}}})
	alice := s.AddAccount("alice", AccountOptions{})
	for range 2 {
		wantCode(t, do(t, s, alice.Token, "POST", "/api/v2/media", fileBody(t, "a.png", "image/png", 10)), 200)
	}
	wantCode(t, do(t, s, alice.Token, "POST", "/api/v2/media", fileBody(t, "a.png", "image/png", 10)), 429)
	var a, b struct{ ID string }
	postStatus(t, s, alice.Token, url.Values{"status": {"a"}}).json(t, &a)
	postStatus(t, s, alice.Token, url.Values{"status": {"b"}}).json(t, &b)
	wantCode(t, do(t, s, alice.Token, "DELETE", "/api/v1/statuses/"+a.ID, nil), 200)
	wantCode(t, do(t, s, alice.Token, "DELETE", "/api/v1/statuses/"+b.ID, nil), 429)
}

func TestGoToSocialRateLimit(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Software: GoToSocial, Now: clk.Now, Limits: Limits{API: Limit{N: 2, Per: time.Minute}}})
	for i := range 2 {
		r := do(t, s, "", "GET", "/api/v1/instance", nil)
		wantCode(t, r, 200)
		if got := r.header.Get("X-Ratelimit-Reset"); got != "2026-11-21T22:01:00.000Z" {
			t.Errorf("request %d: GTS reset %q, want milliseconds", i, got)
		}
	}
	wantCode(t, do(t, s, "", "GET", "/api/v1/instance", nil), 429)
	// Another route group has its own limiter.
	wantCode(t, do(t, s, "", "GET", "/.well-known/nodeinfo", nil), 200)
}

func TestEpochResetFormat(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Software: GoToSocial, Now: clk.Now, ResetFormat: ResetEpoch})
	r := do(t, s, "", "GET", "/api/v1/instance", nil)
	want := strconv.FormatInt(clk.Now().Add(5*time.Minute).Unix(), 10)
	if got := r.header.Get("X-Ratelimit-Reset"); got != want {
		t.Errorf("epoch reset %q, want %q", got, want)
	}
}

// GoToSocial answers only with its per-request limit: posts, uploads and
// deletions far past Mastodon's per-action limits go through, every
// answer carries X-Ratelimit-* counting one request each, and the window
// opens with the first request rather than at an epoch multiple. (The
// headers' spelling is checked by TestRateHeaderSpelling: a client
// canonicalises the names it reads.)
func TestGoToSocialOnlyRequestLimit(t *testing.T) {
	clk := newClock()
	clk.Advance(17 * time.Second) // not on a window boundary
	opened := clk.Now()
	// Per-action limits set far below the 40 of each done here: GoToSocial
	// mode must not apply them, nor report them in its headers.
	few := Limit{N: 3, Per: time.Hour}
	s := newTestServer(t, Options{Software: GoToSocial, Now: clk.Now, Limits: Limits{Statuses: few, Media: few, Deletes: few}})
	alice := s.AddAccount("alice", AccountOptions{})
	n := 0
	check := func(r resp, what string) {
		t.Helper()
		n++
		if r.code >= 300 {
			t.Fatalf("%s: %d %s", what, r.code, r.body)
		}
		if got, want := r.header.Get("X-Ratelimit-Remaining"), strconv.Itoa(300-n); got != want {
			t.Errorf("%s: remaining %s, want %s", what, got, want)
		}
		if got, want := r.header.Get("X-Ratelimit-Reset"), opened.Add(5*time.Minute).Format("2006-01-02T15:04:05.000Z"); got != want {
			t.Errorf("%s: reset %s, want %s (the first request + 5 min)", what, got, want)
		}
	}
	var ids []string
	for i := range 40 { // Mastodon would refuse the 31st upload
		check(do(t, s, alice.Token, "POST", "/api/v2/media", fileBody(t, fmt.Sprintf("p%d.png", i), "image/png", 100)), "upload")
	}
	for i := range 40 {
		var st struct{ ID string }
		r := postStatus(t, s, alice.Token, url.Values{"status": {fmt.Sprintf("post %d", i)}})
		check(r, "post")
		r.json(t, &st)
		ids = append(ids, st.ID)
	}
	for _, id := range ids { // Mastodon would refuse the 31st deletion
		check(do(t, s, alice.Token, "DELETE", "/api/v1/statuses/"+id, nil), "delete")
	}
	if len(s.Statuses("alice")) != 0 {
		t.Errorf("%d statuses left", len(s.Statuses("alice")))
	}
	// The rest of the budget, then 429 until the window closes.
	for n < 300 {
		check(do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil), "get")
	}
	r := do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil)
	wantCode(t, r, 429)
	if r.header.Get("X-Ratelimit-Remaining") != "0" {
		t.Errorf("429 headers %v", r.header)
	}
	clk.Advance(opened.Add(5 * time.Minute).Sub(clk.Now()))
	r = do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil)
	wantCode(t, r, 200)
	if got, want := r.header.Get("X-Ratelimit-Reset"), clk.Now().Add(5*time.Minute).Format("2006-01-02T15:04:05.000Z"); got != want {
		t.Errorf("next window resets %s, want %s", got, want)
	}
}

func TestSetBusy(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Software: GoToSocial, Now: clk.Now})
	s.SetBusy(1500 * time.Millisecond)
	r := do(t, s, "", "GET", "/api/v1/instance", nil)
	wantCode(t, r, 503)
	if r.header.Get("Retry-After") != "2" || r.header.Get("X-Ratelimit-Remaining") != "299" {
		t.Errorf("busy headers %v", r.header)
	}
	s.SetBusy(0)
	wantCode(t, do(t, s, "", "GET", "/api/v1/instance", nil), 200)
}

// TestRateHeaderSpelling: each mode writes its server's own spelling of
// the rate-limit headers. A client canonicalises header names when it
// reads a response, so this test reads the handler's header map directly.
func TestRateHeaderSpelling(t *testing.T) {
	for _, tt := range []struct {
		software, want, never string
	}{
		{Mastodon, "X-RateLimit-", "X-Ratelimit-"},
		{GoToSocial, "X-Ratelimit-", "X-RateLimit-"},
	} {
		t.Run(tt.software, func(t *testing.T) {
			s := newTestServer(t, Options{Software: tt.software})
			alice := s.AddAccount("alice", AccountOptions{})
			req := httptest.NewRequest("POST", s.URL()+"/api/v1/statuses", strings.NewReader(url.Values{"status": {"hello"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Authorization", "Bearer "+alice.Token)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != 200 {
				t.Fatalf("post: %d %s", rec.Code, rec.Body)
			}
			for _, name := range []string{"Limit", "Remaining", "Reset"} {
				if _, ok := rec.Header()[tt.want+name]; !ok {
					t.Errorf("no %s%s in %v", tt.want, name, rec.Header())
				}
			}
			for k := range rec.Header() {
				if strings.HasPrefix(k, tt.never) {
					t.Errorf("%s in %s mode", k, tt.software)
				}
			}
		})
	}
}
