package matcher

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/safehttp"
)

func newTestVerifier(f *fakeFedi, opts VerifyOptions) *Verifier {
	if opts.Client == nil {
		opts.Client = f.client(5 * time.Second)
	}
	if opts.MinInterval == 0 {
		opts.MinInterval = -1 // no pacing needed against a fake
	}
	return NewVerifier(opts)
}

func TestVerifyStatuses(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "Alice", Host: "one.example.com", Summary: `<p>Also <a href="https://twitter.com/alice_tw">twitter.com/alice_tw</a></p>`})
	f.add(&fakeAccount{User: "bob", Host: "one.example.com", Summary: "no links here"})
	f.add(&fakeAccount{User: "old", Host: "one.example.com", MovedTo: "https://two.example.com/users/mid"})
	f.add(&fakeAccount{User: "mid", Host: "two.example.com", MovedTo: "https://three.example.com/users/new"})
	f.add(&fakeAccount{User: "new", Host: "three.example.com"})
	f.add(&fakeAccount{User: "ping", Host: "one.example.com", MovedTo: "https://two.example.com/users/pong"})
	f.add(&fakeAccount{User: "pong", Host: "two.example.com", MovedTo: "https://one.example.com/users/ping"})
	// Split domain: handles at example.com, server at social.example.com.
	f.add(&fakeAccount{User: "carol", Host: "social.example.com"})
	f.on("example.com", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/webfinger" {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, "https://social.example.com/wf?"+r.URL.RawQuery, http.StatusMovedPermanently)
	})
	f.on("social.example.com", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/wf" || r.URL.Path == "/.well-known/webfinger" {
			res := r.URL.Query().Get("resource")
			if !strings.EqualFold(res, "acct:carol@example.com") && !strings.EqualFold(res, "acct:carol@social.example.com") {
				http.NotFound(w, r)
				return
			}
			writeJSON(w, "application/jrd+json", map[string]any{
				"subject": "acct:carol@example.com",
				"links":   []map[string]string{{"rel": "self", "type": "application/activity+json", "href": "https://social.example.com/users/carol"}},
			})
			return
		}
		f.serveStandard(w, r, "social.example.com")
	})
	// host-meta delegation: WebFinger 404 on the handle domain.
	f.add(&fakeAccount{User: "dave", Host: "hm.example.com"})
	f.on("hm.example.com", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/webfinger":
			http.NotFound(w, r)
		case "/.well-known/host-meta":
			fmt.Fprint(w, `<XRD><Link rel="lrdd" template="https://hm.example.com/fingers?q={uri}"/></XRD>`)
		case "/fingers":
			r.URL.Path = "/.well-known/webfinger"
			q := r.URL.Query()
			q.Set("resource", q.Get("q"))
			r.URL.RawQuery = q.Encode()
			f.serveStandard(w, r, "hm.example.com")
		default:
			f.serveStandard(w, r, "hm.example.com")
		}
	})
	f.on("blog.example.com", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html>my blog</html>")
	})
	// A server lying about whose account it serves.
	f.add(&fakeAccount{User: "famous", Host: "good.example.com"})
	f.on("evil.example.com", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, "application/jrd+json", map[string]any{
			"subject": "acct:famous@good.example.com",
			"aliases": []string{"acct:fake@evil.example.com"},
			"links":   []map[string]string{{"rel": "self", "type": "application/activity+json", "href": "https://evil.example.com/users/fake"}},
		})
	})
	f.on("locked.example.com", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/users/") {
			http.Error(w, "signature required", http.StatusUnauthorized)
			return
		}
		f.serveStandard(w, r, "locked.example.com")
	})
	f.add(&fakeAccount{User: "erin", Host: "locked.example.com"})

	tests := []struct {
		handle, screen string
		searcher       AccountSearcher
		want           Verification
	}{
		{"@alice@ONE.example.com", "alice_tw", nil, Verification{Handle: "@Alice@one.example.com", Status: StatusConfirmed}},
		{"@alice@one.example.com", "someone", nil, Verification{Handle: "@Alice@one.example.com", Status: StatusVerified}},
		{"@bob@one.example.com", "bob", nil, Verification{Handle: "@bob@one.example.com", Status: StatusVerified}},
		{"@nobody@one.example.com", "", nil, Verification{Handle: "@nobody@one.example.com", Status: StatusNotFound}},
		{"@old@one.example.com", "", nil, Verification{Handle: "@old@one.example.com", Status: StatusMoved, MovedTo: "@new@three.example.com"}},
		{"@ping@one.example.com", "", nil, Verification{Handle: "@ping@one.example.com", Status: StatusMoved, MovedTo: "@ping@one.example.com"}},
		{"@carol@example.com", "", nil, Verification{Handle: "@carol@example.com", Status: StatusVerified}},
		{"@carol@social.example.com", "", nil, Verification{Handle: "@carol@example.com", Status: StatusVerified}},
		{"@dave@hm.example.com", "", nil, Verification{Handle: "@dave@hm.example.com", Status: StatusVerified}},
		{"@me@blog.example.com", "", nil, Verification{Handle: "@me@blog.example.com", Status: StatusNotFediverse}},
		{"@fake@evil.example.com", "", nil, Verification{Handle: "@fake@evil.example.com", Status: StatusNotFound}},
		{"@erin@locked.example.com", "erin", nil, Verification{Handle: "@erin@locked.example.com", Status: StatusVerified}},
		{"@erin@locked.example.com", "erin_tw", fakeSearcher{"@erin@locked.example.com": {{Acct: "erin@locked.example.com", URL: "https://locked.example.com/@erin", Note: "x.com/erin_tw"}}},
			Verification{Handle: "@erin@locked.example.com", Status: StatusConfirmed}},
		{"not a handle", "", nil, Verification{Handle: "not a handle", Status: StatusNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.handle+"/"+tt.screen, func(t *testing.T) {
			v := newTestVerifier(f, VerifyOptions{Searcher: tt.searcher})
			got := v.Verify(context.Background(), tt.handle, tt.screen)
			if got.Handle != tt.want.Handle || got.Status != tt.want.Status || got.MovedTo != tt.want.MovedTo {
				t.Errorf("Verify = {%s %s moved=%q err=%v}, want {%s %s moved=%q}",
					got.Handle, got.Status, got.MovedTo, got.Err, tt.want.Handle, tt.want.Status, tt.want.MovedTo)
			}
		})
	}
}

// fakeSearcher answers SearchAccounts from a map of query → accounts.
type fakeSearcher map[string][]RemoteAccount

func (s fakeSearcher) SearchAccounts(_ context.Context, q string, _ bool) ([]RemoteAccount, error) {
	return s[q], nil
}

func TestVerifyAllRewritesAndMerges(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "Zed", Host: "one.example.com"})
	v := newTestVerifier(f, VerifyOptions{})
	got := v.VerifyAll(context.Background(), []Candidate{
		{Handle: "@zed@one.example.com", Field: FieldBio, Confidence: 0.9},
		{Handle: "@Zed@one.example.com", Field: FieldName, Confidence: 0.8},
		{Handle: "@nope@one.example.com", Field: FieldURL, Confidence: 0.7},
	}, "zed")
	if len(got) != 2 {
		t.Fatalf("got %d candidates, want 2: %+v", len(got), got)
	}
	if got[0].Handle != "@Zed@one.example.com" || got[0].Status != StatusVerified || got[0].Field != FieldBio {
		t.Errorf("first = %+v", got[0])
	}
	if got[1].Status != StatusNotFound {
		t.Errorf("second = %+v", got[1])
	}
}

func TestPerHostConcurrency(t *testing.T) {
	f := newFakeFedi(t)
	f.delay = 20 * time.Millisecond
	var cands []Candidate
	for i := range 30 {
		a := f.add(&fakeAccount{User: fmt.Sprintf("u%d", i), Host: "busy.example.com"})
		cands = append(cands, Candidate{Handle: "@" + a.User + "@" + a.Host})
	}
	v := newTestVerifier(f, VerifyOptions{PerHost: 2})
	for _, c := range v.VerifyAll(context.Background(), cands, "") {
		if c.Status != StatusVerified {
			t.Errorf("%s: %s", c.Handle, c.Status)
		}
	}
	if p := f.maxPeak(); p > 2 || p < 1 {
		t.Errorf("server saw %d requests at once on one host, want 1..2", p)
	}
	if p := v.Stats().PeakPerHost; p > 2 {
		t.Errorf("limiter reports peak %d", p)
	}
}

func TestRetryAfter(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "ann", Host: "slowdown.example.com"})
	var n int
	f.on("slowdown.example.com", func(w http.ResponseWriter, r *http.Request) {
		n++ // the limiter serialises nothing here, but only one request runs at a time in this test
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		f.serveStandard(w, r, "slowdown.example.com")
	})
	v := newTestVerifier(f, VerifyOptions{PerHost: 1})
	start := time.Now()
	got := v.Verify(context.Background(), "@ann@slowdown.example.com", "")
	if got.Status != StatusVerified {
		t.Fatalf("status %s (%v)", got.Status, got.Err)
	}
	if time.Since(start) < time.Second {
		t.Error("Retry-After: 1 was not waited for")
	}
	if s := v.Stats(); s.RateLimited != 1 {
		t.Errorf("RateLimited = %d, want 1", s.RateLimited)
	}

	// A Retry-After longer than we are willing to wait fails the handle.
	f.on("stop.example.com", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "come back later", http.StatusTooManyRequests)
	})
	v = newTestVerifier(f, VerifyOptions{MaxRetryAfter: time.Second})
	if got := v.Verify(context.Background(), "@x@stop.example.com", ""); got.Status != StatusUnreachable {
		t.Errorf("long Retry-After: status %s", got.Status)
	}
}

func TestRefusesPrivateWithoutAllowPrivate(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "a", Host: "one.example.com"})
	client := safehttp.NewClient(safehttp.Options{Resolver: f, RootCAs: f.pool})
	v := newTestVerifier(f, VerifyOptions{Client: client})
	got := v.Verify(context.Background(), "@a@one.example.com", "")
	if got.Status != StatusUnreachable || !strings.Contains(fmt.Sprint(got.Err), "refusing to connect") {
		t.Errorf("status %s, err %v; want unreachable, refused", got.Status, got.Err)
	}
	if s := v.Stats(); s.Blocked != 1 || f.requests.Load() != 0 {
		t.Errorf("Blocked = %d, server requests = %d; want 1, 0", s.Blocked, f.requests.Load())
	}
}
