package matcher

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/safehttp"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// Hostile servers: every case must end with a status and a counter, never
// a crash or a hang.
func TestHostileServers(t *testing.T) {
	f := newFakeFedi(t)
	f.on("huge.example.com", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/jrd+json")
		fmt.Fprint(w, `{"subject":"acct:a@huge.example.com","aliases":[`)
		for range 200000 {
			fmt.Fprint(w, `"https://huge.example.com/xxxxxxxxxxxxxxxx",`)
		}
		fmt.Fprint(w, `""]}`)
	})
	f.on("typed.example.com", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"subject":5,"links":"self"}`)
	})
	f.on("ats.example.com", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, strings.Repeat("@", 10<<10))
	})
	f.on("badactor.example.com", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/users/") {
			fmt.Fprint(w, `{"id":["not","a","string"],"summary":{"x":1},"attachment":"no"}`)
			return
		}
		f.serveStandard(w, r, "badactor.example.com")
	})
	f.add(&fakeAccount{User: "a", Host: "badactor.example.com"})
	f.on("loop.example.com", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://loop.example.com/again"+r.URL.Path, http.StatusFound)
	})
	f.on("downgrade.example.com", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://downgrade.example.com/", http.StatusFound)
	})
	f.on("slow.example.com", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	f.on("broken.example.com", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusBadGateway)
	})

	tests := []struct {
		handle string
		want   Status
		count  func(VerifyStats) int64
	}{
		{"@a@huge.example.com", StatusUnreachable, func(s VerifyStats) int64 { return s.TooLarge }},
		{"@a@typed.example.com", StatusNotFediverse, func(s VerifyStats) int64 { return s.BadDocuments }},
		{"@a@ats.example.com", StatusNotFediverse, func(s VerifyStats) int64 { return s.BadDocuments }},
		{"@a@badactor.example.com", StatusVerified, func(s VerifyStats) int64 { return s.BadDocuments }},
		{"@a@loop.example.com", StatusUnreachable, func(s VerifyStats) int64 { return s.RedirectLimit }},
		{"@a@downgrade.example.com", StatusUnreachable, func(s VerifyStats) int64 { return 1 }},
		{"@a@slow.example.com", StatusUnreachable, func(s VerifyStats) int64 { return s.Timeouts }},
		{"@a@broken.example.com", StatusUnreachable, func(s VerifyStats) int64 { return 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.handle, func(t *testing.T) {
			// Only the slow host needs a short timeout; the others get a
			// long one so a loaded machine cannot turn them into timeouts.
			timeout := 10 * time.Second
			if strings.HasPrefix(tt.handle, "@a@slow.") {
				timeout = 300 * time.Millisecond
			}
			client := safehttp.NewClient(safehttp.Options{AllowPrivate: true, Resolver: f, RootCAs: f.pool,
				Timeout: timeout, MaxBody: 64 << 10})
			v := newTestVerifier(f, VerifyOptions{Client: client})
			got := v.Verify(context.Background(), tt.handle, "")
			if got.Status != tt.want {
				t.Errorf("status %s (%v), want %s", got.Status, got.Err, tt.want)
			}
			if tt.count(v.Stats()) == 0 {
				t.Errorf("not counted: %+v", v.Stats())
			}
		})
	}
}

// A host that keeps failing trips its breaker: later handles on it fail
// at once instead of each waiting for a timeout.
func TestCircuitBreaker(t *testing.T) {
	f := newFakeFedi(t)
	f.on("dead.example.com", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	v := newTestVerifier(f, VerifyOptions{PerHost: 1, BreakerThreshold: 3})
	var cands []Candidate
	for i := range 20 {
		cands = append(cands, Candidate{Handle: fmt.Sprintf("@u%d@dead.example.com", i)})
	}
	for _, c := range v.VerifyAll(context.Background(), cands, "") {
		if c.Status != StatusUnreachable {
			t.Errorf("%s: %s", c.Handle, c.Status)
		}
	}
	if n := f.requests.Load(); n > 3 {
		t.Errorf("dead host got %d requests; the breaker should stop at 3", n)
	}
	if v.Stats().CircuitOpen == 0 {
		t.Error("CircuitOpen not counted")
	}
}

func TestCacheAvoidsRequests(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "a", Host: "one.example.com", Summary: "twitter.com/a_tw"})
	dir := t.TempDir()
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	run := func(refresh bool) (Verification, Verification, int64) {
		cache, err := OpenCache(dir)
		if err != nil {
			t.Fatal(err)
		}
		before := f.requests.Load()
		v := newTestVerifier(f, VerifyOptions{Cache: cache, Now: clock, Refresh: refresh})
		ok := v.Verify(context.Background(), "@a@one.example.com", "a_tw")
		missing := v.Verify(context.Background(), "@gone@one.example.com", "")
		return ok, missing, f.requests.Load() - before
	}
	ok, missing, n := run(false)
	if ok.Status != StatusConfirmed || missing.Status != StatusNotFound || n == 0 {
		t.Fatalf("first run: %s %s, %d requests", ok.Status, missing.Status, n)
	}
	if ok, _, n := run(false); n != 0 || ok.Status != StatusConfirmed || ok.Actor == nil {
		t.Errorf("cached run: %d requests, status %s", n, ok.Status)
	}
	if _, _, n := run(true); n == 0 {
		t.Error("--refresh made no requests")
	}
	now = now.Add(2 * 24 * time.Hour) // negative entries expire, positive ones live on
	if _, missing, n := run(false); n == 0 || missing.Status != StatusNotFound {
		t.Errorf("after 2 days: %d requests (want the negative entry refetched)", n)
	}
	now = now.Add(6 * 24 * time.Hour)
	before := f.requests.Load()
	cache, _ := OpenCache(dir)
	newTestVerifier(f, VerifyOptions{Cache: cache, Now: clock}).Verify(context.Background(), "@a@one.example.com", "")
	if f.requests.Load() == before {
		t.Error("positive entry older than 7 days was still used")
	}
	if err := cache.Prune(now.Add(30 * 24 * time.Hour)); err != nil {
		t.Fatal(err)
	}
}

func TestReverseLookup(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "jane", Host: "big.example.com", Fields: []ProfileField{{Name: "Twitter", Value: "@jane"}}})
	f.add(&fakeAccount{User: "jane", Host: "other.example.com", Summary: "a different jane"})
	f.add(&fakeAccount{User: "jd", Host: "home.example.com", Summary: `see <a href="https://x.com/jane">x.com/jane</a>`})
	searcher := fakeSearcher{
		"jane": {
			{Acct: "jd@home.example.com", URL: "https://home.example.com/@jd", Note: "x.com/jane"},
			{Acct: "impostor@home.example.com", URL: "https://home.example.com/@impostor", Note: "x.com/janet"},
		},
	}
	v := newTestVerifier(f, VerifyOptions{Searcher: searcher})
	got := v.ReverseLookup(context.Background(), &profiles.Profile{ScreenName: "jane", Name: "Jane Doe"},
		[]string{"big.example.com", "other.example.com", "missing.example.com"})
	var handles []string
	for _, c := range got {
		handles = append(handles, c.Handle)
		if c.Status != StatusConfirmed || c.Field != FieldReverse || c.Form != FormReverse || c.Evidence == "" {
			t.Errorf("candidate %+v", c)
		}
	}
	if want := "@jd@home.example.com @jane@big.example.com"; strings.Join(handles, " ") != want {
		t.Errorf("handles %q, want %q", handles, want)
	}
	if got := v.ReverseLookup(context.Background(), &profiles.Profile{}, DefaultReverseInstances); got != nil {
		t.Errorf("no screen name: %+v", got)
	}
}
