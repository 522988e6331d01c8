package mastotest

import (
	"bufio"
	"net"
	"net/http"
	"time"
)

// RequestLog is one answered (or dropped) request. Tokens never appear:
// access_token query parameters are redacted and headers are not kept.
type RequestLog struct {
	Time           time.Time
	Method         string
	Path           string // path and query
	Status         int    // 0 when the connection was dropped
	IdempotencyKey string
	Account        string // username of the token's owner, if any
	Fault          string // injected fault, if any
}

// requestLog is a bounded ring of entries.
type requestLog struct {
	max     int
	entries []RequestLog
	start   int
}

func (l *requestLog) add(e RequestLog) {
	if len(l.entries) < l.max {
		l.entries = append(l.entries, e)
		return
	}
	l.entries[l.start] = e
	l.start = (l.start + 1) % l.max
}

func (l *requestLog) all() []RequestLog {
	out := make([]RequestLog, 0, len(l.entries))
	out = append(out, l.entries[l.start:]...)
	return append(out, l.entries[:l.start]...)
}

func (s *Server) appendLog(e RequestLog) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.add(e)
}

// Requests returns the request log, oldest first.
func (s *Server) Requests() []RequestLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.all()
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.entries, s.log.start = nil, 0
}

// logFirst records the request log entry just before the first byte of the
// answer is written or the connection is taken over to be dropped.
type logFirst struct {
	http.ResponseWriter
	record func()
}

func (l *logFirst) WriteHeader(code int) {
	l.record()
	l.ResponseWriter.WriteHeader(code)
}

func (l *logFirst) Write(b []byte) (int, error) {
	l.record()
	return l.ResponseWriter.Write(b)
}

func (l *logFirst) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	l.record()
	return http.NewResponseController(l.ResponseWriter).Hijack()
}

func (l *logFirst) Unwrap() http.ResponseWriter { return l.ResponseWriter }
