package matcher

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/internal/safehttp"
)

// Kinds of refusal by the network guard, as recorded in the cache and
// reported in a Refusal.
const (
	// RefusedAddress: a host resolved to a loopback, private or other
	// address that needs --allow-private-network.
	RefusedAddress = "address"
	// RefusedProxyName: behind HTTPS_PROXY, a name that does not resolve
	// here and would have been resolved by the proxy unchecked.
	RefusedProxyName = "proxy-name"
)

// Refusal is one handle whose verification the network guard stopped.
type Refusal struct {
	Handle string // the handle being verified, as asked
	Kind   string // RefusedAddress or RefusedProxyName
	Reason string // as in Candidate.Reason
	Cached bool   // read from the cache rather than refused just now
}

// refusalKind tells a refusal by the guard from other failures: "" when
// err is none.
func refusalKind(err error) string {
	var be *safehttp.BlockedError
	var ue *safehttp.UnresolvedError
	switch {
	case errors.As(err, &be):
		return RefusedAddress
	case errors.As(err, &ue):
		return RefusedProxyName
	}
	return ""
}

// maxReason bounds a reason: it is shown in a table cell.
const maxReason = 200

// reasonFor says in a few words why err kept a handle from a better
// status: what the guard refused and what to do about it, a timeout, a
// TLS failure. The full error stays in Verification.Err.
func reasonFor(err error) string {
	if err == nil {
		return ""
	}
	var (
		be  *safehttp.BlockedError
		ue  *safehttp.UnresolvedError
		cve *tls.CertificateVerificationError
		he  x509.HostnameError
		rhe tls.RecordHeaderError
		ae  tls.AlertError
		dns *net.DNSError
		ne  net.Error
	)
	switch {
	case errors.As(err, &be):
		return be.Reason()
	case errors.As(err, &ue):
		return fmt.Sprintf("%s does not resolve here and the proxy would resolve it unchecked; %s", ue.Host, ue.Hint())
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	case errors.As(err, &cve):
		return "TLS: " + strings.TrimPrefix(cve.Err.Error(), "x509: ")
	case errors.As(err, &he):
		return "TLS: " + strings.TrimPrefix(he.Error(), "x509: ")
	case errors.As(err, &rhe):
		return "TLS: the server does not speak TLS"
	case errors.As(err, &ae):
		return "TLS: " + ae.Error()
	case errors.As(err, &dns) && dns.IsNotFound:
		return "no such host"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, ErrCircuitOpen):
		return "skipped: the host failed repeatedly"
	case errors.Is(err, errRateLimited):
		return "rate limited by the server"
	case errors.Is(err, safehttp.ErrBodyTooLarge):
		return "the answer was too large"
	case errors.Is(err, safehttp.ErrTooManyRedirects):
		return "too many redirects"
	case errors.Is(err, errServerFailed):
		return "server error"
	case errors.Is(err, errSignedFetch):
		return "the server shows its accounts only to signed requests"
	case errors.Is(err, errNoSuchAccount):
		return "no such account"
	case errors.Is(err, errActorGone):
		return "the account is gone"
	case errors.Is(err, errSubjectMatch):
		return "the server answered about another account"
	case errors.Is(err, errNoSelfLink), errors.Is(err, errNotFediverse):
		return "not a fediverse server"
	}
	var ue2 *url.Error
	if errors.As(err, &ue2) {
		err = ue2.Err // the URL is already in Verification.Err
	}
	return clip(err.Error(), maxReason)
}

// clip cuts s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
