package mastodon

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// describeNetError turns a transport failure into a clear error: TLS and
// unknown-host failures are permanent (fmt-wrapped sentinels), everything
// else is a *RetryableError.
func describeNetError(req *http.Request, err error) error {
	host := req.URL.Host
	var (
		unknownCA   x509.UnknownAuthorityError
		hostnameErr x509.HostnameError
		invalidCert x509.CertificateInvalidError
		verifyErr   *tls.CertificateVerificationError
		recordErr   tls.RecordHeaderError
		alertErr    tls.AlertError
	)
	switch {
	case errors.As(err, &unknownCA), errors.As(err, &hostnameErr), errors.As(err, &invalidCert),
		errors.As(err, &verifyErr):
		return fmt.Errorf("%w: %s presented a certificate that cannot be trusted: %w", ErrTLS, host, err)
	case errors.As(err, &recordErr):
		return fmt.Errorf("%w: %s does not speak TLS (is it a plain http:// server?)", ErrTLS, host)
	case errors.As(err, &alertErr):
		return fmt.Errorf("%w: %s refused the TLS handshake: %w", ErrTLS, host, err)
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return fmt.Errorf("cannot find server %s (DNS: no such host): %w", hostOnly(host), unreachable{err})
	}
	if isRefused(err) {
		return &RetryableError{Method: req.Method, Path: req.URL.Path, Unreachable: true, Err: err,
			Reason: "cannot connect to " + host + " (connection refused; is the server running?)"}
	}
	return &RetryableError{Method: req.Method, Path: req.URL.Path, Reason: "network error: " + err.Error(), Err: err}
}

// unreachable marks an unknown host as ErrUnreachable, its text unchanged.
type unreachable struct{ error }

func (u unreachable) Unwrap() error        { return u.error }
func (u unreachable) Is(target error) bool { return target == ErrUnreachable }

// notSent reports whether the error certainly happened before any byte of
// the request reached the server (connection never established), which
// makes even a non-idempotent request safe to repeat.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

func isRefused(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" && strings.Contains(op.Err.Error(), "refused")
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}
