package mastodon

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"4.3.0", "0.20.0-rc1 git-abc", "2.7.2 (compatible; Pleroma 2.5.0)", "1.", "..1.2", "9999999999.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseVersion(s)
		if !ok {
			return
		}
		if v.Major < 0 || v.Minor < 0 || v.Patch < 0 || v.Compare(v) != 0 {
			t.Fatalf("bad version %+v from %q", v, s)
		}
		// The printed form parses back to the same version.
		if back, ok := ParseVersion(v.String()); !ok || back.Compare(v) != 0 {
			t.Fatalf("%q → %v → %+v", s, v, back)
		}
	})
}

func FuzzRateHeaders(f *testing.F) {
	f.Add("300", "12", "2026-11-21T22:15:00.000000Z", "120")
	f.Add("40", "0", "1795299300", "Sat, 21 Nov 2026 22:15:00 GMT")
	f.Add("-1", "x", "", "")
	f.Fuzz(func(t *testing.T, limit, remaining, reset, retryAfter string) {
		h := http.Header{}
		h.Set("X-RateLimit-Limit", limit)
		h.Set("X-RateLimit-Remaining", remaining)
		h.Set("X-RateLimit-Reset", reset)
		rh, ok := parseRateHeaders(h)
		if ok && (rh.Limit <= 0 || rh.Remaining < 0 || rh.Remaining > rh.Limit) {
			t.Fatalf("inconsistent %+v", rh)
		}
		if ok {
			// Applying any header must leave the pacer usable.
			p := NewPacer(nil, 0.1, func() time.Time { return t0 })
			p.observe([]Bucket{BucketAPI, BucketFollows}, rh)
			_ = p.When(BucketAPI, 3)
		}
		// Retry-After itself is fuzzed in internal/retry.
	})
}

func FuzzValidateServerURL(f *testing.F) {
	for _, s := range []string{"mastodon.social", "http://127.0.0.1:3000", "https://a/b", "http://evil.example", "://", "https://[::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ValidateServerURL(s)
		if err != nil {
			return
		}
		if !strings.HasPrefix(got, "https://") && !strings.HasPrefix(got, "http://") {
			t.Fatalf("%q → %q without scheme", s, got)
		}
		if strings.HasPrefix(got, "http://") {
			h := strings.TrimPrefix(got, "http://")
			if !isLoopbackHost(hostOnly(h)) && !isLoopbackHost(strings.Trim(hostOnly(h), "[]")) {
				t.Fatalf("%q accepted plain http to %q", s, got)
			}
		}
		// Normalising is idempotent.
		if again, err := ValidateServerURL(got); err != nil || again != got {
			t.Fatalf("%q → %q → %q, %v", s, got, again, err)
		}
	})
}
