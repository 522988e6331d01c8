package mastodon

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/internal/textscan"
)

// rateHeader is what X-RateLimit-* said about the throttle closest to
// exhaustion for one response.
type rateHeader struct {
	Limit     int
	Remaining int
	Reset     time.Time
}

// parseRateHeaders reads X-RateLimit-Limit/Remaining/Reset. Header names
// are matched case-insensitively (GoToSocial writes X-Ratelimit-*). ok is
// false unless all three are present and valid.
func parseRateHeaders(h http.Header) (rateHeader, bool) {
	limit, err1 := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Limit")))
	rem, err2 := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining")))
	reset, ok := parseResetTime(h.Get("X-RateLimit-Reset"))
	if err1 != nil || err2 != nil || !ok || limit <= 0 || rem < 0 {
		return rateHeader{}, false
	}
	return rateHeader{Limit: limit, Remaining: min(rem, limit), Reset: reset}, true
}

// parseResetTime accepts ISO 8601 with any fractional precision (Mastodon
// sends microseconds, GoToSocial milliseconds) and Unix epoch seconds
// (older GoToSocial).
func parseResetTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if textscan.IsDigits(s) {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil || sec <= 0 {
			return time.Time{}, false
		}
		return time.Unix(sec, 0).UTC(), true
	}
	// RFC3339Nano parses any number of fractional digits, and none.
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
