package mastodon

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// requestLog writes one line per attempt to the logger the command passes
// in (Options.Logger): at Info (fledge -v) the method, the path, the
// status and how long the request was held back before it went out
// (pacing, rate limits, retry backoff); at Debug (-vv) also how long the
// server took to answer. It never writes the query (OAuth codes, search
// terms), a header (the token) or a body.
type requestLog struct{ l *slog.Logger }

func (rl requestLog) attempt(req *http.Request, resp *http.Response, err error, waited, took time.Duration) {
	ctx := context.Background()
	if rl.l == nil || !rl.l.Enabled(ctx, slog.LevelInfo) {
		return
	}
	attrs := make([]any, 0, 10)
	attrs = append(attrs, "method", req.Method, "path", req.URL.Path)
	if err != nil {
		attrs = append(attrs, "error", netReason(err))
	} else {
		attrs = append(attrs, "status", resp.StatusCode)
	}
	attrs = append(attrs, "wait", waited.Round(time.Millisecond))
	if rl.l.Enabled(ctx, slog.LevelDebug) {
		attrs = append(attrs, "took", took.Round(time.Millisecond))
	}
	rl.l.Info("request", attrs...)
}

// netReason names a transport failure in a few words, without the error's
// own text (which may carry addresses a log has no use for).
func netReason(err error) string {
	var dnsErr *net.DNSError
	var tlsErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var ne net.Error
	switch {
	case isRefused(err):
		return "connection refused"
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return "no such host"
	case errors.As(err, &tlsErr), errors.As(err, &recordErr):
		return "TLS failure"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return "network error"
}
