// Package safehttp builds HTTP clients for requests whose host names come
// from untrusted text (handles found in Twitter bios). The client refuses to
// connect to loopback, private, link-local, multicast and unspecified
// addresses. The check runs inside the dialer, on the very address being
// connected after DNS resolution, so a name that resolves to a public address
// when checked and to 127.0.0.1 when connected (DNS rebinding) cannot slip
// through. Everything else is http.DefaultTransport's: proxies from
// HTTPS_PROXY/NO_PROXY and root certificates from SSL_CERT_FILE keep working.
//
// A request for a proxy is checked before it is handed over, since the proxy
// resolves the name; shorthand such as 127.1 and names under localhost count
// as the loopback addresses a proxy's resolver would make of them. What the
// proxy's own DNS makes of a name cannot be seen from here: the check uses
// the local resolver's answer. A name the local resolver cannot answer is
// refused unless Options.ProxyNames trusts the proxy with it (see
// ProxyNames for the choice of default).
package safehttp
