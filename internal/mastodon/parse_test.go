package mastodon

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseResetTime(t *testing.T) {
	want := time.Date(2026, 11, 21, 22, 15, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Time
		wantOK bool
	}{
		{"2026-11-21T22:15:00.000000Z", want, true}, // Mastodon, microseconds
		{"2026-11-21T22:15:00.000Z", want, true},    // GoToSocial, milliseconds
		{"2026-11-21T22:15:00Z", want, true},
		{"2026-11-21T23:15:00+01:00", want, true},
		{"1795299300", want, true}, // epoch seconds (older GoToSocial)
		{" 1795299300 ", want, true},
		{"", time.Time{}, false},
		{"0", time.Time{}, false},
		{"tomorrow", time.Time{}, false},
		{"2026-11-21", time.Time{}, false},
		{"99999999999999999999999", time.Time{}, false},
	}
	for _, tc := range tests {
		got, ok := parseResetTime(tc.in)
		if ok != tc.wantOK || !got.Equal(tc.want) {
			t.Errorf("parseResetTime(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestParseRateHeaders(t *testing.T) {
	h := http.Header{}
	// GoToSocial's spelling; http.Header.Get canonicalises either way.
	h["X-Ratelimit-Limit"] = []string{"300"}
	h["X-Ratelimit-Remaining"] = []string{"299"}
	h["X-Ratelimit-Reset"] = []string{"2026-11-21T22:13:02.000Z"}
	got, ok := parseRateHeaders(h)
	if !ok || got.Limit != 300 || got.Remaining != 299 || got.Reset.Second() != 2 {
		t.Fatalf("parseRateHeaders = %+v, %v", got, ok)
	}
	h.Set("X-RateLimit-Remaining", "-1")
	if _, ok := parseRateHeaders(h); ok {
		t.Error("negative remaining accepted")
	}
	h.Set("X-RateLimit-Remaining", "500")
	if got, ok := parseRateHeaders(h); !ok || got.Remaining != 300 {
		t.Errorf("remaining above limit not clamped: %+v", got)
	}
	h.Del("X-RateLimit-Reset")
	if _, ok := parseRateHeaders(h); ok {
		t.Error("missing reset accepted")
	}
}

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in     string
		want   Version
		wantOK bool
	}{
		{"4.3.0", Version{4, 3, 0, ""}, true},
		{"4.5.0-beta.2", Version{4, 5, 0, "beta.2"}, true},
		{"4.3.0+glitch", Version{4, 3, 0, ""}, true},
		{"0.20.0 git-8d3f2a1", Version{0, 20, 0, ""}, true},
		{"0.20.0-rc1 git-abc", Version{0, 20, 0, "rc1"}, true},
		{"2.7.2 (compatible; Pleroma 2.5.0)", Version{2, 7, 2, ""}, true},
		{"v3.5", Version{3, 5, 0, ""}, true},
		{"", Version{}, false},
		{"git-abc", Version{}, false},
		{"7", Version{}, false},
	}
	for _, tc := range tests {
		got, ok := ParseVersion(tc.in)
		if ok != tc.wantOK || got != tc.want {
			t.Errorf("ParseVersion(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	order := []string{"0.17.3", "0.18.0-rc1", "0.18.0", "0.20.0", "4.2.10", "4.3.0-beta.1", "4.3.0-beta.2", "4.3.0", "4.10.0"}
	for i := range order {
		for j := range order {
			a, _ := ParseVersion(order[i])
			b, _ := ParseVersion(order[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("%s vs %s = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
	if v, _ := ParseVersion("0.18.0-rc1"); v.AtLeast(0, 18, 0) {
		t.Error("0.18.0-rc1 counts as >= 0.18.0")
	}
}

func TestValidateServerURL(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"mastodon.social", "https://mastodon.social", ""},
		{"  https://Mastodon.Social/ ", "https://mastodon.social", ""},
		{"https://example.org:8443", "https://example.org:8443", ""},
		{"http://127.0.0.1:4000", "http://127.0.0.1:4000", ""},
		{"http://localhost:8080/", "http://localhost:8080", ""},
		{"http://[::1]:9000", "http://[::1]:9000", ""},
		{"http://mastodon.social", "", "unencrypted"},
		{"ftp://mastodon.social", "", "scheme"},
		{"https://", "", "no host"},
		{"", "", "empty"},
		{"https://user:pw@example.org", "", "user name"},
		{"https://example.org/@alice", "", "no path"},
		{"https://example.org/?x=1", "", "no path"},
		{"https://exa mple.org", "", "invalid"},
		{"https://%zz", "", "invalid"},
	}
	for _, tc := range tests {
		got, err := ValidateServerURL(tc.in)
		if tc.wantErr != "" {
			if err == nil || !errors.Is(err, ErrInvalidServer) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ValidateServerURL(%q) = %q, %v; want error containing %q", tc.in, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ValidateServerURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
