package matcher

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/safehttp"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// privateAddr is what the guard tests' resolver answers for names on the
// "private network". Nothing is ever sent there: the guard refuses before
// dialling, and safehttp.NewTestClient dials nothing but loopback anyway.
var privateAddr = netip.MustParseAddrPort("10.0.0.5:443")

// guardResolver sends the names in private to privateAddr and every other
// name to the fake fediverse on loopback.
type guardResolver struct {
	f       *fakeFedi
	private map[string]bool
}

func (r guardResolver) Resolve(_ context.Context, host, _ string) ([]netip.AddrPort, error) {
	if r.private[host] {
		return []netip.AddrPort{privateAddr}, nil
	}
	return []netip.AddrPort{r.f.addr}, nil
}

// guardedClient has the guard on, exempting only the fake's own address.
func guardedClient(f *fakeFedi, private ...string) *http.Client {
	res := guardResolver{f: f, private: map[string]bool{}}
	for _, h := range private {
		res.private[h] = true
	}
	return safehttp.NewTestClient(safehttp.Options{Resolver: res, RootCAs: f.pool, Timeout: 10 * time.Second}, f.addr.Addr())
}

// refusals collects OnRefusal events.
type refusals struct {
	mu  sync.Mutex
	got []Refusal
}

func (r *refusals) add(x Refusal) {
	r.mu.Lock()
	r.got = append(r.got, x)
	r.mu.Unlock()
}

func (r *refusals) list() []Refusal {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Refusal(nil), r.got...)
}

const wantPrivateReason = "inner.example.com resolves to a private address 10.0.0.5; use --allow-private-network if you trust it"

// TestGuardStatuses: what each kind of refusal leaves a handle with. None
// may claim more than was checked.
func TestGuardStatuses(t *testing.T) {
	f := newFakeFedi(t)
	// The handle's own host is private.
	f.add(&fakeAccount{User: "a", Host: "inner.example.com"})
	// WebFinger on a public host whose self link is a private address.
	f.on("selfish.example.com", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, "application/jrd+json", map[string]any{
			"subject": r.URL.Query().Get("resource"),
			"links":   []map[string]string{{"rel": "self", "type": "application/activity+json", "href": "https://inner.example.com/users/a"}},
		})
	})
	// A split domain whose subject's own domain is private.
	f.on("split.example.com", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, "application/jrd+json", map[string]any{
			"subject": "acct:a@inner.example.com",
			"links":   []map[string]string{{"rel": "self", "type": "application/activity+json", "href": "https://split.example.com/users/a"}},
		})
	})
	// host-meta delegating WebFinger to the private host, and a redirect
	// there.
	f.on("hmp.example.com", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/.well-known/host-meta" {
			w.Header().Set("Content-Type", "application/xrd+xml")
			fmt.Fprint(w, `<XRD><Link rel="lrdd" template="https://inner.example.com/wf?resource={uri}"/></XRD>`)
			return
		}
		http.NotFound(w, r)
	})
	f.on("hop.example.com", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://inner.example.com"+r.URL.RequestURI(), http.StatusFound)
	})
	// Moves: to an actor URI on the private host (no handle known), to a
	// handle on it (known from movedTo), and a readable one for contrast.
	f.add(&fakeAccount{User: "uri", Host: "one.example.com", MovedTo: "https://inner.example.com/users/a", Summary: "x.com/uri_tw"})
	f.add(&fakeAccount{User: "acct", Host: "one.example.com", MovedTo: "@a@inner.example.com"})
	f.add(&fakeAccount{User: "fine", Host: "one.example.com", MovedTo: "https://two.example.com/users/new"})
	f.add(&fakeAccount{User: "new", Host: "two.example.com"})

	tests := []struct {
		handle, screen string
		status         Status
		movedTo        string
		reason         string // the whole reason ends with the private-address refusal unless given
		refused        bool
	}{
		{"@a@inner.example.com", "", StatusUnreachable, "", wantPrivateReason, true},
		{"@a@selfish.example.com", "", StatusUnreachable, "", "actor not read: " + wantPrivateReason, true},
		{"@b@split.example.com", "", StatusUnreachable, "", wantPrivateReason, true},
		{"@a@hmp.example.com", "", StatusUnreachable, "", wantPrivateReason, true},
		{"@a@hop.example.com", "", StatusUnreachable, "", wantPrivateReason, true},
		{"@uri@one.example.com", "", StatusVerified, "",
			"moved to https://inner.example.com/users/a, which could not be read: " + wantPrivateReason, true},
		{"@uri@one.example.com", "uri_tw", StatusConfirmed, "",
			"moved to https://inner.example.com/users/a, which could not be read: " + wantPrivateReason, true},
		{"@acct@one.example.com", "", StatusMoved, "@a@inner.example.com",
			"moved to @a@inner.example.com, which could not be reached: " + wantPrivateReason, true},
		{"@fine@one.example.com", "", StatusMoved, "@new@two.example.com", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.handle+"/"+tt.screen, func(t *testing.T) {
			var seen refusals
			v := newTestVerifier(f, VerifyOptions{Client: guardedClient(f, "inner.example.com"), OnRefusal: seen.add})
			got := v.Verify(context.Background(), tt.handle, tt.screen)
			if got.Status != tt.status || got.MovedTo != tt.movedTo || got.Reason != tt.reason || got.Refused != tt.refused {
				t.Errorf("Verify = {%s moved=%q reason=%q refused=%v} (err %v)\nwant {%s moved=%q reason=%q refused=%v}",
					got.Status, got.MovedTo, got.Reason, got.Refused, got.Err, tt.status, tt.movedTo, tt.reason, tt.refused)
			}
			ev := seen.list()
			switch {
			case !tt.refused && len(ev) != 0:
				t.Errorf("refusal events %+v for a handle nothing refused", ev)
			case tt.refused && (len(ev) != 1 || ev[0].Kind != RefusedAddress || ev[0].Reason != got.Reason || ev[0].Cached || ev[0].Handle != tt.handle):
				t.Errorf("refusal events %+v, want one fresh %s refusal of %s with the reason", ev, RefusedAddress, tt.handle)
			}
			if tt.refused && v.Stats().Blocked == 0 {
				t.Errorf("Blocked not counted: %+v", v.Stats())
			}
		})
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := f.peak["inner.example.com"]; n != 0 {
		t.Errorf("the fake answered %d requests for the private host", n)
	}
}

// TestGuardCandidates: VerifyAll hands the reason to the candidate, and
// the pipeline counts the account as refused (and unreachable).
func TestGuardCandidates(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "ok", Host: "one.example.com"})
	v := newTestVerifier(f, VerifyOptions{Client: guardedClient(f, "inner.example.com")})
	ps := []profiles.Profile{
		{ID: "1", ScreenName: "one", Description: "find me at @a@inner.example.com"},
		{ID: "2", ScreenName: "two", Description: "@ok@one.example.com"},
	}
	sum, out := runIDs(t, v, ps)
	if want := (Summary{Scanned: 2, Matched: 2, Unreachable: 1, Refused: 1}); sum != want {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
	if len(out) != 2 || len(out[0].Candidates) == 0 {
		t.Fatalf("matches %+v", out)
	}
	c := out[0].Candidates[0]
	if c.Status != StatusUnreachable || c.Reason != wantPrivateReason {
		t.Errorf("candidate %+v, want unreachable with the reason", c)
	}
	if c := out[1].Candidates[0]; c.Reason != "" || c.Status != StatusVerified {
		t.Errorf("verified candidate %+v has a reason", c)
	}
}

type collectWriter []Match

func (c *collectWriter) Write(m Match) error { *c = append(*c, m); return nil }
func (c *collectWriter) Close() error        { return nil }

// TestCachedRefusalAndAllowPrivate: a refusal is cached and marked as the
// guard's; without the flag it is used (and reported as cached), with
// AllowPrivate it is ignored and the handle asked anew, while other cached
// results stay valid.
func TestCachedRefusalAndAllowPrivate(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "a", Host: "inner.example.com"})
	dir := t.TempDir()
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	verifier := func(allow bool, seen *refusals) *Verifier {
		cache, err := OpenCache(dir)
		if err != nil {
			t.Fatal(err)
		}
		client := guardedClient(f, "inner.example.com")
		if allow {
			// The person trusts the private host; here it is the fake on
			// loopback, which the flag lets the client reach.
			client = safehttp.NewTestClient(safehttp.Options{Resolver: f, RootCAs: f.pool, AllowPrivate: true}, f.addr.Addr())
		}
		return newTestVerifier(f, VerifyOptions{Client: client, Cache: cache, Now: func() time.Time { return now },
			AllowPrivate: allow, OnRefusal: seen.add})
	}
	ctx := context.Background()
	var seen refusals
	first := verifier(false, &seen)
	if got := first.Verify(ctx, "@a@inner.example.com", ""); got.Status != StatusUnreachable || !got.Refused {
		t.Fatalf("first run: %s refused=%v (%v)", got.Status, got.Refused, got.Err)
	}
	if got := first.Verify(ctx, "@gone@one.example.com", ""); got.Status != StatusNotFound {
		t.Fatalf("first run, missing account: %s (%v)", got.Status, got.Err)
	}
	before := f.requests.Load()

	seen = refusals{}
	again := verifier(false, &seen).Verify(ctx, "@a@inner.example.com", "")
	if again.Status != StatusUnreachable || again.Reason != wantPrivateReason || f.requests.Load() != before {
		t.Errorf("cached run: %s %q, %d requests; want the cached refusal and none", again.Status, again.Reason, f.requests.Load()-before)
	}
	if ev := seen.list(); len(ev) != 1 || !ev[0].Cached {
		t.Errorf("cached run reported %+v, want one cached refusal", ev)
	}

	seen = refusals{}
	allowed := verifier(true, &seen)
	if got := allowed.Verify(ctx, "@a@inner.example.com", ""); got.Status != StatusVerified || got.Refused {
		t.Errorf("with AllowPrivate: %s refused=%v (%v); want verified, the cached refusal ignored", got.Status, got.Refused, got.Err)
	}
	if ev := seen.list(); len(ev) != 0 {
		t.Errorf("with AllowPrivate reported %+v", ev)
	}
	before = f.requests.Load()
	if got := allowed.Verify(ctx, "@gone@one.example.com", ""); got.Status != StatusNotFound || f.requests.Load() != before {
		t.Errorf("with AllowPrivate, a cached not_found: %s after %d requests; want it used as cached", got.Status, f.requests.Load()-before)
	}
	// The verified result replaced the refusal in the cache.
	before = f.requests.Load()
	if got := verifier(false, &refusals{}).Verify(ctx, "@a@inner.example.com", ""); got.Status != StatusVerified || f.requests.Load() != before {
		t.Errorf("after the allowed run: %s, %d requests", got.Status, f.requests.Load()-before)
	}
}

// TestOutdatedRefusal: which cached refusals each setting ignores,
// including a proxy-name refusal (made only behind a proxy: see
// TestGuardBehindProxy) and one written before refusals were marked.
func TestOutdatedRefusal(t *testing.T) {
	legacy := cacheRecord{Status: StatusUnreachable, Err: "Get \"https://x.example/\": refusing to connect to x.example: it resolves to private address 10.0.0.5 (use --allow-private-network to permit it)"}
	if !legacy.legacyRefusal() {
		t.Error("a refusal cached before records were marked is not recognised")
	}
	if other := (cacheRecord{Status: StatusUnreachable, Err: "timeout"}); other.legacyRefusal() {
		t.Error("a timeout taken for a legacy refusal")
	}
	oldActor := cacheRecord{Status: StatusVerified, Err: "Get \"https://x.example/users/a\": refusing to connect to x.example: it resolves to private address 10.0.0.5 (use --allow-private-network to permit it)"}
	oldMove := cacheRecord{Status: StatusMoved, Err: "account moved, but its target could not be read"}
	if !oldActor.legacyRefusal() || !oldMove.legacyRefusal() {
		t.Error("an old verified-despite-a-refused-actor or moved-nowhere record would still be used")
	}
	if marked := (cacheRecord{Status: StatusUnreachable, Refused: RefusedAddress, Err: legacy.Err}); marked.legacyRefusal() {
		t.Error("a marked refusal taken for a legacy one")
	}
	if moved := (cacheRecord{Status: StatusMoved, MovedTo: "@a@b.example"}); moved.legacyRefusal() {
		t.Error("a move with its target taken for a legacy record")
	}
	for _, tt := range []struct {
		opts    VerifyOptions
		refused string
		want    bool
	}{
		{VerifyOptions{}, RefusedAddress, false},
		{VerifyOptions{}, RefusedProxyName, false},
		{VerifyOptions{AllowPrivate: true}, RefusedAddress, true},
		{VerifyOptions{AllowPrivate: true}, RefusedProxyName, true},
		{VerifyOptions{TrustProxyNames: true}, RefusedAddress, false},
		{VerifyOptions{TrustProxyNames: true}, RefusedProxyName, true},
		{VerifyOptions{AllowPrivate: true}, "", false},
	} {
		v := NewVerifier(tt.opts)
		if got := v.outdatedRefusal(cacheRecord{Refused: tt.refused}); got != tt.want {
			t.Errorf("AllowPrivate=%v TrustProxyNames=%v, refused %q: outdated = %v, want %v",
				tt.opts.AllowPrivate, tt.opts.TrustProxyNames, tt.refused, got, tt.want)
		}
	}
}

// TestReasons: short reasons for failures other than the guard's.
func TestReasons(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "a", Host: "one.example.com"})
	f.on("slow.example.com", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx := context.Background()

	// A client without the fake's CA: the certificate is unknown.
	untrusted := safehttp.NewTestClient(safehttp.Options{Resolver: f, AllowPrivate: true}, f.addr.Addr())
	got := newTestVerifier(f, VerifyOptions{Client: untrusted}).Verify(ctx, "@a@one.example.com", "")
	if got.Status != StatusUnreachable || !strings.HasPrefix(got.Reason, "TLS: ") || !strings.Contains(got.Reason, "unknown authority") {
		t.Errorf("untrusted certificate: %s %q (%v)", got.Status, got.Reason, got.Err)
	}

	got = newTestVerifier(f, VerifyOptions{Client: f.client(300 * time.Millisecond)}).Verify(ctx, "@a@slow.example.com", "")
	if got.Status != StatusUnreachable || got.Reason != "timed out" {
		t.Errorf("slow host: %s %q (%v)", got.Status, got.Reason, got.Err)
	}

	got = newTestVerifier(f, VerifyOptions{}).Verify(ctx, "@nobody@one.example.com", "")
	if got.Status != StatusNotFound || got.Reason != "no such account" {
		t.Errorf("missing account: %s %q (%v)", got.Status, got.Reason, got.Err)
	}
	if got.Refused {
		t.Error("a missing account marked as refused")
	}
}

// TestRefusalLifetime: a record the guard had a hand in lives a day, even
// when its status is a hit (an account whose move target was refused).
func TestRefusalLifetime(t *testing.T) {
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for key, rec := range map[string]cacheRecord{
		"acct:refused@x.example": {Status: StatusVerified, Refused: RefusedAddress},
		"acct:plain@x.example":   {Status: StatusVerified},
	} {
		if err := cache.put(key, rec, now); err != nil {
			t.Fatal(err)
		}
	}
	later := now.Add(2 * 24 * time.Hour)
	if _, ok := cache.get("acct:refused@x.example", later); ok {
		t.Error("a verified record with a refusal lived past a day")
	}
	if _, ok := cache.get("acct:plain@x.example", later); !ok {
		t.Error("a plain verified record expired within two days")
	}
}

// TestRefusalsKeepBreakerShut: refusals cost the host nothing and say
// nothing about its health, so many handles on one refused host are each
// refused with the reason, never skipped by an open breaker.
func TestRefusalsKeepBreakerShut(t *testing.T) {
	f := newFakeFedi(t)
	v := newTestVerifier(f, VerifyOptions{Client: guardedClient(f, "inner.example.com"), BreakerThreshold: 2})
	var cands []Candidate
	for i := range 8 {
		cands = append(cands, Candidate{Handle: "@u" + string(rune('a'+i)) + "@inner.example.com"})
	}
	for _, c := range v.VerifyAll(context.Background(), cands, "") {
		if c.Status != StatusUnreachable || c.Reason != wantPrivateReason || !c.refused {
			t.Errorf("%s: %s %q refused=%v; want each refused with the reason", c.Handle, c.Status, c.Reason, c.refused)
		}
	}
	if s := v.Stats(); s.CircuitOpen != 0 || s.Blocked != 8 {
		t.Errorf("CircuitOpen = %d, Blocked = %d; want 0, 8", s.CircuitOpen, s.Blocked)
	}
}

// runIDs matches every profile of ps by id, online through v, without
// reverse lookup, and returns the summary and the matches.
func runIDs(t *testing.T, v CandidateVerifier, ps []profiles.Profile) (Summary, collectWriter) {
	t.Helper()
	accounts := make([]profiles.AccountRef, len(ps))
	for i, p := range ps {
		accounts[i] = profiles.AccountRef{ID: p.ID}
	}
	var out collectWriter
	sum, err := Run(context.Background(), RunConfig{
		Accounts: accounts,
		Sources:  []ProfileSource{profiles.NewStaticSource(ps)},
		Verifier: v, NoReverse: true,
	}, &out, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sum, out
}
