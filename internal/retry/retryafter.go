package retry

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxRetryAfter caps what ParseRetryAfter returns: an absurd value would
// park a run for ever, and a day is the longest window the servers we
// talk to (Mastodon, X) use.
const MaxRetryAfter = 24 * time.Hour

// ParseRetryAfter reads a Retry-After header value in either form RFC 9110
// allows, delay-seconds or an HTTP date, and returns the time to wait
// until, relative to now. The result is never before now (a date in the
// past means "go ahead") and never more than MaxRetryAfter after it.
// ok is false for an empty or unreadable value; callers pick their own
// default then.
func ParseRetryAfter(s string, now time.Time) (until time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if isDigits(s) {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			// Only overflow gets here: all digits, so it is simply huge.
			return now.Add(MaxRetryAfter), true
		}
		return now.Add(min(time.Duration(sec), MaxRetryAfter/time.Second) * time.Second), true
	}
	t, err := http.ParseTime(s)
	if err != nil {
		return time.Time{}, false
	}
	switch {
	case t.Before(now):
		return now, true
	case t.Sub(now) > MaxRetryAfter:
		return now.Add(MaxRetryAfter), true
	}
	return t, true
}

// isDigits: only ASCII digits, at least one. Signs are not delay-seconds.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
