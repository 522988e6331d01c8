package mastodon

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinels for errors.Is. The concrete errors below report Is() == true for
// the sentinel that describes them, so callers can switch on either.
var (
	// ErrRetryable: the operation failed for a transient reason (rate limit,
	// server overload, network) and may be tried again later. For a POST
	// without an Idempotency-Key it also means the server may or may not
	// have applied the request.
	ErrRetryable = errors.New("temporary server or network failure")
	// ErrAuth: the token was refused (401) or lacks a scope (403). The CLI
	// maps it to exit code 4 and "run `fledge login`".
	ErrAuth = errors.New("the server refused the access token")
	// ErrNotFound: the server answered 404.
	ErrNotFound = errors.New("not found")
	// ErrNotMastodon: the server answered with something other than the
	// Mastodon client API (an HTML page, a redirect loop, garbage).
	ErrNotMastodon = errors.New("not a Mastodon-compatible API")
	// ErrTLS: the TLS handshake failed (bad certificate, not TLS at all).
	ErrTLS = errors.New("TLS connection failed")
	// ErrUnreachable: nothing answers at the server's address (connection
	// refused, or no such host). The transport gives up on it at once or
	// after one quick retry; a refusal also matches ErrRetryable, since a
	// restarting server comes back.
	ErrUnreachable = errors.New("server unreachable")
)

// PermanentError is a 4xx answer that will not succeed if repeated
// unchanged: validation errors (422), forbidden actions (403), missing
// records (404), unauthorised tokens (401).
type PermanentError struct {
	Method  string
	Path    string
	Status  int
	Message string // the server's {"error": …} text, if any
}

func (e *PermanentError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Method, e.Path, statusText(e.Status, e.Message))
}

// Is lets errors.Is match ErrNotFound and ErrAuth.
func (e *PermanentError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrAuth:
		return isAuthFailure(e.Status, e.Message)
	}
	return false
}

// isAuthFailure tells a refused token from other refusals: 401 is always
// the token, 403 only when the server talks about tokens or scopes (a 403
// for following a moved account is not an auth problem).
func isAuthFailure(status int, msg string) bool {
	if status == http.StatusUnauthorized {
		return true
	}
	if status != http.StatusForbidden {
		return false
	}
	m := strings.ToLower(msg)
	return strings.Contains(m, "scope") || strings.Contains(m, "token")
}

// RetryableError is a 5xx answer, or a network failure, that the transport
// gave up retrying or was not allowed to retry.
type RetryableError struct {
	Method string
	Path   string
	Status int    // 0 for network errors
	Reason string // server message or network error text
	// MayHaveApplied is set when a non-idempotent request failed after it
	// was sent: the server may have acted on it.
	MayHaveApplied bool
	// Unreachable: the connection was refused (see ErrUnreachable).
	Unreachable bool
	Err         error
}

func (e *RetryableError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	if e.Status != 0 {
		b.WriteString(statusText(e.Status, e.Reason))
	} else {
		b.WriteString(e.Reason)
	}
	if e.MayHaveApplied {
		b.WriteString(" (the server may have applied the request; not retried automatically)")
	}
	return b.String()
}

func (e *RetryableError) Unwrap() error { return e.Err }

// Is lets errors.Is match ErrRetryable, and ErrUnreachable for a refused
// connection.
func (e *RetryableError) Is(target error) bool {
	return target == ErrRetryable || (target == ErrUnreachable && e.Unreachable)
}

// RateLimitError is returned when the transport stops waiting for a rate
// limit: too many 429s in a row, or a reset further away than
// Options.MaxWait allows. Until says when the bucket opens again.
type RateLimitError struct {
	Method string
	Path   string
	Bucket Bucket
	Until  time.Time
}

func (e *RateLimitError) Error() string {
	if e.Until.IsZero() {
		return fmt.Sprintf("%s %s: rate limited (bucket %s)", e.Method, e.Path, e.Bucket)
	}
	return fmt.Sprintf("%s %s: rate limited (bucket %s) until %s", e.Method, e.Path, e.Bucket,
		e.Until.UTC().Format(time.RFC3339))
}

// Is lets errors.Is match ErrRetryable.
func (e *RateLimitError) Is(target error) bool { return target == ErrRetryable }

// NotMastodonError describes an answer that is not the Mastodon API.
type NotMastodonError struct {
	URL         string
	Status      int
	ContentType string
	Detail      string
}

func (e *NotMastodonError) Error() string {
	msg := fmt.Sprintf("%s did not answer like a Mastodon-compatible server (HTTP %d", e.URL, e.Status)
	if e.ContentType != "" {
		msg += ", " + e.ContentType
	}
	msg += ")"
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Is lets errors.Is match ErrNotMastodon.
func (e *NotMastodonError) Is(target error) bool { return target == ErrNotMastodon }

func statusText(status int, msg string) string {
	s := fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	if msg != "" {
		s += ": " + msg
	}
	return s
}

// redactedError hides a secret in an error message while keeping the chain
// intact for errors.Is/As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err with every occurrence of secret replaced in its text.
func redact(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	msg := err.Error()
	if !strings.Contains(msg, secret) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(msg, secret, "[REDACTED]"), err: err}
}
