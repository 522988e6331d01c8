package matcher

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// fakeBridges serves, on f, a Bridgy Fed (bsky.brid.gy) that bridges
// alice.bsky.social and carol.bsky.social only, a Threads (threads.net)
// where only zed opted in, and a PeerTube (tube.example.com) with a
// channel (a Group) and a person's account.
func fakeBridges(f *fakeFedi) {
	f.add(&fakeAccount{User: "alice.bsky.social", Host: "bsky.brid.gy"})
	f.add(&fakeAccount{User: "carol.bsky.social", Host: "bsky.brid.gy"})
	f.on("threads.net", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/.well-known/webfinger" && r.URL.Query().Get("resource") == "acct:zed@threads.net":
			writeJSON(w, "application/jrd+json", map[string]any{
				"subject": "acct:zed@threads.net",
				"links":   []map[string]string{{"rel": "self", "type": "application/activity+json", "href": "https://threads.net/ap/users/17841400000000000/"}},
			})
		case r.URL.Path == "/.well-known/webfinger" && r.URL.Query().Get("resource") == "acct:gone@threads.net":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"success":false,"error":"Not found"}`))
		case r.URL.Path == "/.well-known/webfinger":
			writeJSON(w, "application/json", map[string]any{"success": false, "error": "Not found"})
		case strings.HasPrefix(r.URL.Path, "/ap/users/"):
			http.Error(w, "signature required", http.StatusUnauthorized) // Threads wants signed fetches
		default:
			http.NotFound(w, r)
		}
	})
	f.add(&fakeAccount{User: "chan", Host: "tube.example.com"})
	f.add(&fakeAccount{User: "solo", Host: "tube.example.com"})
	f.on("tube.example.com", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/users/chan" {
			writeJSON(w, "application/activity+json", map[string]any{
				"id": "https://tube.example.com/users/chan", "type": "Group", "preferredUsername": "chan",
			})
			return
		}
		f.serveStandard(w, r, "tube.example.com")
	})
	f.add(&fakeAccount{User: "acme", Host: "one.example.com"})
}

// TestRunBridgesOnline drives the real pipeline and Verifier against fake
// bridge hosts: bridged Bluesky accounts and opted-in Threads accounts are
// matched like any other; the rest are reported, never followed.
func TestRunBridgesOnline(t *testing.T) {
	f := newFakeFedi(t)
	fakeBridges(f)
	src := profiles.NewStaticSource([]profiles.Profile{
		{ID: "1", ScreenName: "alice", Description: "🦋 @alice.bsky.social"},
		{ID: "2", ScreenName: "bob", Description: "https://bsky.app/profile/bob.example.org"},
		{ID: "3", ScreenName: "zed", Description: "threads.net/@zed"},
		{ID: "4", ScreenName: "nobody", Description: "threads.com/@nobody | threads.net/@gone"},
		{ID: "5", ScreenName: "vids", Description: "https://tube.example.com/c/chan"},
		{ID: "6", ScreenName: "solo", Description: "https://tube.example.com/video-channels/solo"},
		{ID: "7", ScreenName: "dan", Description: "pfp by @carol.bsky.social"},
		{ID: "8", ScreenName: "erin", Description: "!rust@lemmy.world and https://lemmy.ml/c/go | Work: @acme@one.example.com"},
	})
	v := newTestVerifier(f, VerifyOptions{})
	var ids []profiles.AccountRef
	for i := 1; i <= 8; i++ {
		ids = append(ids, profiles.AccountRef{ID: string(rune('0' + i))})
	}
	p := NewPipeline(RunConfig{Accounts: ids, Sources: []ProfileSource{src}, Verifier: v, NoReverse: true})
	ms := collect(t, p)
	want := map[string][]string{
		"1/alice":  {"@alice.bsky.social@bsky.brid.gy"},
		"2/bob":    nil,
		"3/zed":    {"@zed@threads.net"},
		"4/nobody": nil,
		"5/vids":   nil,
		"6/solo":   {"@solo@tube.example.com"},
		"7/dan":    nil,
		"8/erin":   nil,
	}
	if got := handlesOf(ms); !reflect.DeepEqual(got, want) {
		t.Errorf("handles\n got %v\nwant %v", got, want)
	}
	statuses := map[string]Status{
		"@alice.bsky.social@bsky.brid.gy": StatusBridged,
		"@bob.example.org@bsky.brid.gy":   StatusNotBridged,
		"@zed@threads.net":                StatusVerified,
		"@nobody@threads.net":             StatusNotFound,
		"@gone@threads.net":               StatusNotFound,
		"@chan@tube.example.com":          StatusGroup,
		"@solo@tube.example.com":          StatusVerified,
		"@carol.bsky.social@bsky.brid.gy": StatusUnverified, // credited: never asked
		"@acme@one.example.com":           StatusUnverified, // an employer: never asked
	}
	for _, m := range ms {
		for _, c := range m.Candidates {
			if st, ok := statuses[c.Handle]; !ok || c.Status != st {
				t.Errorf("%s: %s status %q, want %q", m.ScreenName, c.Handle, c.Status, st)
			}
		}
	}
	if c := candidateFor(ms[1], "@bob.example.org@bsky.brid.gy"); c == nil || c.ProfileURL != "https://bsky.app/profile/bob.example.org" {
		t.Errorf("bob's candidate %+v, want the bsky.app link", c)
	}
	if got, want := ms[7].Communities, []string{"!rust@lemmy.world", "!go@lemmy.ml"}; !reflect.DeepEqual(got, want) {
		t.Errorf("communities %q, want %q", got, want)
	}
	sum := p.Summary()
	if sum.Matched != 3 || sum.Bridged != 1 || sum.NotBridged != 1 {
		t.Errorf("summary %+v, want 3 matched, 1 bridged, 1 not bridged", sum)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, host := range []string{"lemmy.world", "lemmy.ml"} {
		if f.peak[host] > 0 {
			t.Errorf("%s was asked about a community", host)
		}
	}

	// The export follows bridged and opted-in accounts like any other.
	csv := NewMastodonCSV()
	for _, m := range ms {
		if _, err := csv.Add(m); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	if _, err := csv.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	wantCSV := MastodonCSVHeader + "\n" +
		"alice.bsky.social@bsky.brid.gy,true,false,\n" +
		"zed@threads.net,true,false,\n" +
		"solo@tube.example.com,true,false,\n"
	if b.String() != wantCSV {
		t.Errorf("csv\n%s\nwant\n%s", b.String(), wantCSV)
	}
}

// TestRunBridgesOffline: without the network a Bluesky handle or a
// Threads URL stays an unverified candidate and is never a handle.
func TestRunBridgesOffline(t *testing.T) {
	src := profiles.NewStaticSource([]profiles.Profile{
		{ID: "1", ScreenName: "alice", Description: "🦋 @alice.bsky.social · threads.net/@alice · tube.example.com/c/alice"},
	})
	ms := collect(t, NewPipeline(RunConfig{Accounts: []profiles.AccountRef{{ID: "1"}}, Sources: []ProfileSource{src}}))
	if len(ms) != 1 || len(ms[0].Handles) != 0 || len(ms[0].Candidates) != 3 {
		t.Fatalf("offline match %+v, want three candidates and no handle", ms)
	}
	for _, c := range ms[0].Candidates {
		if c.Status != StatusUnverified || c.Confidence > AcceptThreshold {
			t.Errorf("offline candidate %+v", c)
		}
	}
}

// TestOnlineVerdict covers the mapping for every form and status.
func TestOnlineVerdict(t *testing.T) {
	person, group, service := &Actor{Type: "Person"}, &Actor{Type: "Group"}, &Actor{Type: "Service"}
	tests := []struct {
		form  Form
		in    Status
		actor *Actor
		want  Status
	}{
		{FormBluesky, StatusVerified, person, StatusBridged},
		{FormBluesky, StatusConfirmed, person, StatusBridged},
		{FormBluesky, StatusNotFound, nil, StatusNotBridged},
		{FormBluesky, StatusUnreachable, nil, StatusUnreachable},
		{FormBluesky, StatusNotFediverse, nil, StatusNotFediverse},
		{FormChannel, StatusVerified, person, StatusVerified},
		{FormChannel, StatusConfirmed, person, StatusConfirmed},
		{FormChannel, StatusVerified, group, StatusGroup},
		{FormChannel, StatusVerified, service, StatusUnverified},
		{FormChannel, StatusVerified, nil, StatusUnverified},
		{FormChannel, StatusNotFound, nil, StatusNotFound},
		{FormThreads, StatusVerified, nil, StatusVerified},
		{FormThreads, StatusNotFound, nil, StatusNotFound},
		{FormURL, StatusVerified, group, StatusVerified},
	}
	for _, tt := range tests {
		if got := onlineVerdict(tt.form, tt.in, tt.actor); got != tt.want {
			t.Errorf("onlineVerdict(%s, %q, %+v) = %q, want %q", tt.form, tt.in, tt.actor, got, tt.want)
		}
	}
}

// TestBridgeNotFoundSkipsHostMeta: Bridgy Fed's 404 (a text body, as it
// writes "No atproto user found") means not bridged even where host-meta
// is missing, and host-meta is not asked.
func TestBridgeNotFoundSkipsHostMeta(t *testing.T) {
	f := newFakeFedi(t)
	var hostMeta atomic.Int64
	f.on("bsky.brid.gy", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/.well-known/host-meta" {
			hostMeta.Add(1)
		}
		http.Error(w, "No atproto user found for did:plc:abc", http.StatusNotFound)
	})
	v := newTestVerifier(f, VerifyOptions{})
	got := v.VerifyAll(context.Background(), Extract(&profiles.Profile{Description: "🦋 @bob.bsky.social"}), "bob")
	if len(got) != 1 || got[0].Status != StatusNotBridged {
		t.Fatalf("got %+v, want one not_bridged candidate", got)
	}
	if n := hostMeta.Load(); n != 0 {
		t.Errorf("host-meta was asked %d times", n)
	}
}
