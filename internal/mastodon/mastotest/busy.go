package mastotest

import (
	"net/http"
	"strconv"
	"time"
)

// SetBusy makes the server answer every request with 503 and
// Retry-After: d (rounded up to whole seconds), as GoToSocial does while it
// starts up or when its throttle's queue is full; SetBusy(0) ends it.
// Requests are still counted by the rate limiter.
func (s *Server) SetBusy(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busyFor = d
}

func (s *Server) writeBusy(w http.ResponseWriter, retryAfter time.Duration) {
	secs := int64((retryAfter + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	msg := "Service Unavailable"
	if s.opts.gts() {
		msg = "server capacity exceeded"
	}
	writeJSON(w, http.StatusServiceUnavailable, errBody(s, http.StatusServiceUnavailable, msg))
}
