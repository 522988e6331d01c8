package twitter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/retry"
)

const testToken = "AAAA-secret-token-1234"

// newFakeClock is a settable clock whose Sleep advances time instead of
// waiting, and records every pause.
func newFakeClock() *retry.Fake { return retry.NewFake(time.Unix(1_800_000_000, 0)) }

// v2Server answers /2/users and /2/users/by like X does, for accounts
// whose ids are below 1000 (user<ID>); others are "not found".
type v2Server struct {
	t        *testing.T
	mu       sync.Mutex
	requests []*http.Request
	handle   func(w http.ResponseWriter, r *http.Request) bool // optional override; true = handled
}

func (s *v2Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	s.mu.Unlock()
	if s.handle != nil && s.handle(w, r) {
		return
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`)
		return
	}
	q := r.URL.Query()
	for k, want := range map[string]string{
		"user.fields":  "description,entities,location,url,pinned_tweet_id",
		"expansions":   "pinned_tweet_id",
		"tweet.fields": "entities",
	} {
		if q.Get(k) != want {
			s.t.Errorf("%s=%q, want %q", k, q.Get(k), want)
		}
	}
	var keys []string
	switch r.URL.Path {
	case "/2/users":
		keys = strings.Split(q.Get("ids"), ",")
	case "/2/users/by":
		keys = strings.Split(q.Get("usernames"), ",")
	default:
		http.NotFound(w, r)
		return
	}
	if len(keys) > 100 {
		s.t.Errorf("%d accounts in one call", len(keys))
	}
	type user struct {
		ID            string         `json:"id"`
		Username      string         `json:"username"`
		Description   string         `json:"description"`
		PinnedTweetID string         `json:"pinned_tweet_id,omitempty"`
		Entities      map[string]any `json:"entities,omitempty"`
	}
	var resp struct {
		Data     []user           `json:"data,omitempty"`
		Includes map[string][]any `json:"includes,omitempty"`
		Errors   []map[string]any `json:"errors,omitempty"`
	}
	for _, k := range keys {
		id, err := strconv.Atoi(strings.TrimPrefix(k, "user"))
		if err != nil || id >= 1000 {
			resp.Errors = append(resp.Errors, map[string]any{"value": k, "detail": "Could not find user", "title": "Not Found Error"})
			continue
		}
		u := user{ID: strconv.Itoa(id), Username: fmt.Sprintf("user%d", id), Description: "bio https://t.co/b"}
		u.Entities = map[string]any{"description": map[string]any{"urls": []any{
			map[string]any{"start": 4, "end": 18, "url": "https://t.co/b", "expanded_url": fmt.Sprintf("https://mastodon.example/@u%d", id)},
		}}}
		if id%2 == 0 {
			u.PinnedTweetID = fmt.Sprint(5000 + id)
			if resp.Includes == nil {
				resp.Includes = map[string][]any{}
			}
			resp.Includes["tweets"] = append(resp.Includes["tweets"], map[string]any{
				"id": u.PinnedTweetID, "text": fmt.Sprintf("I'm @u%d@pinned.example", id)})
		}
		resp.Data = append(resp.Data, u)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

func (s *v2Server) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func newTestClient(t *testing.T, srv *httptest.Server, clock *retry.Fake, mod func(*Options)) *Client {
	t.Helper()
	opts := Options{
		Token:      testToken,
		HTTPClient: srv.Client(),
		V1BaseURL:  srv.URL + "/1.1/",
		V2BaseURL:  srv.URL + "/2/",
		Now:        clock.Now,
		Sleep:      clock.Sleep,
	}
	if mod != nil {
		mod(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

func TestV2LookupBatchesAndConverts(t *testing.T) {
	s := &v2Server{t: t}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := newTestClient(t, srv, newFakeClock(), nil)
	in := append(ids(1, 151), "5000") // 150 that exist, one that does not
	ps, err := c.Lookup(context.Background(), in, []string{"user7", "ghost_user"})
	if err != nil {
		t.Fatal(err)
	}
	if s.count() != 3 { // 100 ids, 51 ids, 2 names
		t.Errorf("%d requests, want 3", s.count())
	}
	if len(ps) != 151 {
		t.Fatalf("%d profiles, want 151", len(ps))
	}
	p := ps[1] // id 2: has a pinned tweet
	want := User{
		ID: "2", ScreenName: "user2", Description: "bio https://t.co/b",
		DescriptionURLs: []URLEntity{{URL: "https://t.co/b", ExpandedURL: "https://mastodon.example/@u2", Start: 4, End: 18}},
		PinnedText:      "I'm @u2@pinned.example",
		Source:          SourceV2,
	}
	if fmt.Sprintf("%+v", p) != fmt.Sprintf("%+v", want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
	if ps[150].ScreenName != "user7" {
		t.Errorf("lookup by name: %+v", ps[150])
	}
}

func TestRateLimitWaits(t *testing.T) {
	clock := newFakeClock()
	reset := clock.Now().Add(90 * time.Second)
	calls := 0
	s := &v2Server{t: t}
	s.handle = func(w http.ResponseWriter, r *http.Request) bool {
		calls++
		w.Header().Set("x-rate-limit-reset", strconv.FormatInt(reset.Unix(), 10))
		switch calls {
		case 1: // a success that spends the last request of the window
			w.Header().Set("x-rate-limit-remaining", "0")
			return false
		case 2: // the window did not reset after all: a new one, 15 minutes on
			reset = reset.Add(15 * time.Minute)
			w.Header().Set("x-rate-limit-reset", strconv.FormatInt(reset.Unix(), 10))
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"title":"Too Many Requests","detail":"Too Many Requests","status":429}`)
			return true
		}
		w.Header().Set("x-rate-limit-remaining", "10")
		return false
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var waits []Wait
	c := newTestClient(t, srv, clock, func(o *Options) { o.OnWait = func(w Wait) { waits = append(waits, w) } })
	ps, err := c.Lookup(context.Background(), ids(1, 201), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 200 || calls != 3 {
		t.Fatalf("%d profiles in %d calls", len(ps), calls)
	}
	// First pause: before call 2, until the announced reset (+1 s slack).
	// Second: after the 429, until the new reset.
	if len(waits) != 2 || waits[0].Reason != "rate limit" {
		t.Fatalf("waits %+v", waits)
	}
	if got, want := waits[0].Until.Unix(), clock.Now().Add(-clock.Sleeps()[1]).Unix(); got != want {
		t.Errorf("first wait until %d, want %d", got, want)
	}
	if !waits[1].Until.After(waits[0].Until) {
		t.Errorf("second wait %v not after first %v", waits[1].Until, waits[0].Until)
	}
	if len(clock.Sleeps()) != 2 {
		t.Errorf("sleeps %v", clock.Sleeps())
	}
}

// Without x-rate-limit-reset a 429's Retry-After decides the wait, in
// either form RFC 9110 allows; the HTTP date used to be ignored (a
// minute's guess instead).
func TestRetryAfterBothForms(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header func(now time.Time) string
	}{
		{"seconds", func(time.Time) string { return "90" }},
		{"http date", func(now time.Time) string { return now.Add(90 * time.Second).UTC().Format(http.TimeFormat) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			calls := 0
			s := &v2Server{t: t, handle: func(w http.ResponseWriter, r *http.Request) bool {
				calls++
				if calls > 1 {
					return false
				}
				w.Header().Set("Retry-After", tc.header(clock.Now()))
				w.WriteHeader(http.StatusTooManyRequests)
				return true
			}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			c := newTestClient(t, srv, clock, nil)
			if _, err := c.Lookup(context.Background(), []string{"1"}, nil); err != nil {
				t.Fatal(err)
			}
			if len(clock.Sleeps()) != 1 || clock.Sleeps()[0] != 90*time.Second {
				t.Errorf("sleeps %v, want [1m30s]", clock.Sleeps())
			}
		})
	}
}

func TestRateLimitTooFarFails(t *testing.T) {
	clock := newFakeClock()
	s := &v2Server{t: t, handle: func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("x-rate-limit-reset", strconv.FormatInt(clock.Now().Add(20*time.Hour).Unix(), 10))
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := newTestClient(t, srv, clock, nil)
	_, err := c.Lookup(context.Background(), []string{"1"}, nil)
	if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "too long to wait") {
		t.Fatalf("got %v", err)
	}
	if len(clock.Sleeps()) != 0 {
		t.Errorf("slept %v", clock.Sleeps())
	}
}

func TestWaitHonoursContext(t *testing.T) {
	s := &v2Server{t: t, handle: func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c, err := New(Options{Token: testToken, HTTPClient: srv.Client(), V2BaseURL: srv.URL + "/2/", MaxWait: 2 * time.Hour,
		OnWait: func(Wait) { cancel() }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Lookup(ctx, []string{"1"}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestServerErrorRetried(t *testing.T) {
	calls := 0
	s := &v2Server{t: t}
	s.handle = func(w http.ResponseWriter, r *http.Request) bool {
		calls++
		if calls < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	clock := newFakeClock()
	c := newTestClient(t, srv, clock, nil)
	ps, err := c.Lookup(context.Background(), []string{"1"}, nil)
	if err != nil || len(ps) != 1 || calls != 3 {
		t.Fatalf("%v %v after %d calls", ps, err, calls)
	}
	s.handle = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(http.StatusBadGateway)
		return true
	}
	_, err = c.Lookup(context.Background(), []string{"2"}, nil)
	if !errors.Is(err, ErrServer) {
		t.Fatalf("got %v", err)
	}
}

func TestErrorsExplained(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		is     error
		words  string
	}{
		{"453", 403, `{"errors":[{"message":"You currently have access to a subset of Twitter API v2 endpoints and limited v1.1 endpoints (e.g. media post, oauth) only.","code":453}]}`,
			ErrAccessLevel, "paid tier"},
		{"401 echoing the token", 401, `{"title":"Unauthorized","detail":"bad token Bearer ` + testToken + `"}`, ErrUnauthorized, "FLEDGE_TWITTER_BEARER_TOKEN"},
		{"client not enrolled", 403, `{"title":"Client Forbidden","reason":"client-not-enrolled","detail":"attach to a Project"}`, ErrAccessLevel, "Project"},
		{"other 403", 403, `{"title":"Forbidden"}`, ErrForbidden, "refused"},
		{"not JSON", 400, `<html>oops ` + testToken + `</html>`, nil, "unexpected response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &v2Server{t: t, handle: func(w http.ResponseWriter, r *http.Request) bool {
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
				return true
			}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			c := newTestClient(t, srv, newFakeClock(), nil)
			_, err := c.Lookup(context.Background(), []string{"1"}, nil)
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != tt.status {
				t.Fatalf("got %v", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("%v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.words) {
				t.Errorf("%q does not explain with %q", err, tt.words)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("token leaked: %q", err)
			}
		})
	}
}

func TestTokenNotSentAcrossRedirect(t *testing.T) {
	var gotAuth []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth = append(gotAuth, r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"data":[{"id":"1","username":"a"}]}`)
	}))
	defer other.Close()
	s := &v2Server{t: t, handle: func(w http.ResponseWriter, r *http.Request) bool {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
		return true
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := newTestClient(t, srv, newFakeClock(), nil)
	if _, err := c.Lookup(context.Background(), []string{"1"}, nil); err != nil {
		t.Fatal(err)
	}
	if len(gotAuth) != 1 || gotAuth[0] != "" {
		t.Errorf("Authorization sent to another host: %q", gotAuth)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []Options{
		{},
		{Token: "abc def" + testToken},
		{Token: testToken, V2BaseURL: "ftp://x"},
	}
	for _, o := range tests {
		_, err := New(o)
		if err == nil {
			t.Errorf("%+v accepted", o)
		} else if strings.Contains(err.Error(), testToken) {
			t.Errorf("token in error %q", err)
		}
	}
}
