package mastodon_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// TestFakeServerAnnouncesTheClientsLimits checks mastotest against the
// client's pacing table (and so against mastodon-api.md §1): in each
// server mode, the limits the fake announces in its X-RateLimit-* headers
// for each kind of request are the ones LimitsFor picks for the software
// the client detects there. At an instant aligned to every window
// (midnight UTC), a fixed window's reset is exactly one period away, and
// so is a rolling window's, which opens with the request.
//
// Mastodon's headers describe the counter closest to running out, a
// post's or a follow's family counter at a tie. A first post ties (299
// left of 300 per token and of 300 per 3 h); a first follow does not (399
// of 400 per day), so the follows probe first spends 101 follows, then
// follows once more in the next 5-minute window, when the token's bucket
// is fresh and the day's family counter has fewer left. A paging request
// ties with the token's bucket, which is announced first, so it too is
// repeated in the next 5-minute window.
func TestFakeServerAnnouncesTheClientsLimits(t *testing.T) {
	warmups := map[string]int{"follow": 101, "page": 1} // Mastodon only
	midnight := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		software string
		// probes maps each kind of request to the bucket whose limit its
		// headers must show.
		probes map[string]mastodon.Bucket
	}{
		{mastotest.Mastodon, map[string]mastodon.Bucket{
			"read": mastodon.BucketAPI, "follow": mastodon.BucketFollows, "post": mastodon.BucketStatuses,
			"delete": mastodon.BucketDeletes, "upload": mastodon.BucketMedia, "page": mastodon.BucketPaging,
		}},
		// GoToSocial: every request spends the one request limit.
		{mastotest.GoToSocial, map[string]mastodon.Bucket{
			"read": mastodon.BucketAPI, "follow": mastodon.BucketAPI, "post": mastodon.BucketAPI,
			"delete": mastodon.BucketAPI, "upload": mastodon.BucketAPI, "page": mastodon.BucketAPI,
		}},
	} {
		t.Run(tc.software, func(t *testing.T) {
			var mu sync.Mutex
			now := midnight
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			s := mastotest.New(mastotest.Options{Software: tc.software, Now: clock})
			t.Cleanup(s.Close)
			c, err := mastodon.New(s.URL(), "", mastodon.Options{})
			if err != nil {
				t.Fatal(err)
			}
			prof, err := c.Profile(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			limits := mastodon.LimitsFor(prof)
			for kind, bucket := range tc.probes {
				// A fresh account per probe, so no other bucket is closer
				// to exhaustion than the one the request is about.
				me := s.AddAccount("me"+kind, mastotest.AccountOptions{})
				target := s.AddAccount("them"+kind, mastotest.AccountOptions{})
				if n := warmups[kind]; n > 0 && tc.software == mastotest.Mastodon {
					for i := range n {
						other := s.AddAccount("other"+kind+strconv.Itoa(i), mastotest.AccountOptions{})
						probe(t, s.URL(), me.Token, kind, other.ID)
					}
					mu.Lock()
					now = midnight.Add(5 * time.Minute)
					mu.Unlock()
				}
				h := probe(t, s.URL(), me.Token, kind, target.ID)
				mu.Lock()
				now = midnight
				mu.Unlock()
				want, ok := limits[bucket]
				if !ok {
					t.Fatalf("%s: the client paces no %s bucket", kind, bucket)
				}
				gotN, _ := strconv.Atoi(h.Get("X-RateLimit-Limit"))
				reset, err := time.Parse(time.RFC3339Nano, h.Get("X-RateLimit-Reset"))
				if err != nil {
					t.Fatalf("%s: reset %q: %v", kind, h.Get("X-RateLimit-Reset"), err)
				}
				if gotN != want.Count || reset.Sub(midnight) != want.Period {
					t.Errorf("%s: the fake announces %d per %v, the client paces %s at %d per %v",
						kind, gotN, reset.Sub(midnight), bucket, want.Count, want.Period)
				}
			}
			everyBucketProbed(t, tc.software, limits, tc.probes)
		})
	}
}

// everyBucketProbed: a bucket the client paces on this software but no
// probe showed would be a limit the fake never announces.
func everyBucketProbed(t *testing.T, software string, limits map[mastodon.Bucket]mastodon.Limit, probes map[string]mastodon.Bucket) {
	t.Helper()
	for b := range limits {
		seen := false
		for _, pb := range probes {
			seen = seen || pb == b
		}
		if !seen {
			t.Errorf("the client paces %s on %s, but no probe shows it", b, software)
		}
	}
}

// probe makes one request of the kind and returns its headers.
func probe(t *testing.T, base, token, kind, target string) http.Header {
	t.Helper()
	var req *http.Request
	form := func(method, path string, v url.Values) *http.Request {
		r, err := http.NewRequest(method, base+path, strings.NewReader(v.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	switch kind {
	case "read":
		req = form(http.MethodGet, "/api/v1/accounts/verify_credentials", nil)
	case "follow":
		req = form(http.MethodPost, "/api/v1/accounts/"+target+"/follow", nil)
	case "post":
		req = form(http.MethodPost, "/api/v1/statuses", url.Values{"status": {"hello"}})
	case "delete":
		var st struct{ ID string }
		do(t, form(http.MethodPost, "/api/v1/statuses", url.Values{"status": {"to delete"}}), token, &st)
		req = form(http.MethodDelete, "/api/v1/statuses/"+st.ID, nil)
	case "page":
		req = form(http.MethodGet, "/api/v1/blocks?max_id=1", nil)
	case "upload":
		req = form(http.MethodPost, "/api/v2/media", nil) // refused (no file), but counted
	}
	return do(t, req, token, nil)
}

// do sends req with the token and returns the answer's headers, decoding
// its body into out when out is not nil.
func do(t *testing.T, req *http.Request, token string, out any) http.Header {
	t.Helper()
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
		}
	}
	return resp.Header
}
