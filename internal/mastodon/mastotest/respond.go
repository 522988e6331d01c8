package mastotest

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
)

// bufWriter collects a handler's response so the middleware can add
// rate-limit headers computed after the handler ran, or drop the
// connection instead of answering.
type bufWriter struct {
	h      http.Header
	status int
	body   bytes.Buffer
}

func newBufWriter() *bufWriter { return &bufWriter{h: make(http.Header)} }

func (b *bufWriter) Header() http.Header { return b.h }

func (b *bufWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufWriter) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

func (b *bufWriter) code() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}

func (b *bufWriter) flushTo(w http.ResponseWriter) {
	for k, v := range b.h {
		w.Header()[k] = v
	}
	w.WriteHeader(b.code())
	_, _ = w.Write(b.body.Bytes())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	writeBody(w, v)
}

// writeBody encodes v after the caller has written its own headers.
func writeBody(w http.ResponseWriter, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func htmlEscape(s string) string { return html.EscapeString(s) }

// errBody shapes an error the way the flavour does: Mastodon sends the bare
// message, GoToSocial prefixes the HTTP status text.
func errBody(s *Server, status int, msg string) map[string]string {
	if s.opts.gts() {
		msg = http.StatusText(status) + ": " + msg
	}
	return map[string]string{"error": msg}
}

func (s *Server) fail(c *call, status int, msg string) {
	writeJSON(c.w, status, errBody(s, status, msg))
}

// invalid answers a validation failure: 422 "Validation failed: …" on
// Mastodon (ActiveRecord::RecordInvalid), 400 on GoToSocial.
func (s *Server) invalid(c *call, msg string) {
	if s.opts.gts() {
		s.fail(c, http.StatusBadRequest, msg)
		return
	}
	s.fail(c, http.StatusUnprocessableEntity, "Validation failed: "+msg)
}

// unprocessable answers Mastodon::ValidationError: 422 with the bare
// message (400 on GoToSocial).
func (s *Server) unprocessable(c *call, msg string) {
	if s.opts.gts() {
		s.fail(c, http.StatusBadRequest, msg)
		return
	}
	s.fail(c, http.StatusUnprocessableEntity, msg)
}

func (s *Server) notFound(c *call) { s.fail(c, http.StatusNotFound, "Record not found") }

func (s *Server) forbidden(c *call) { s.fail(c, http.StatusForbidden, "This action is not allowed") }

func (s *Server) writeTooMany(w http.ResponseWriter) {
	msg := "Too many requests"
	if s.opts.gts() {
		msg = "rate limit reached"
	}
	writeJSON(w, http.StatusTooManyRequests, errBody(s, http.StatusTooManyRequests, msg))
}
