package mastodon

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode"
)

// ErrInvalidServer marks a server address fledge will not use.
var ErrInvalidServer = errors.New("invalid server address")

// ValidateServerURL normalises what a user typed as their server
// ("mastodon.social", "https://example.org/") to "https://host[:port]".
// Plain http:// is refused except for loopback hosts (tests, local
// servers), since the access token would travel in clear text.
func ValidateServerURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", fmt.Errorf("%w: empty", ErrInvalidServer)
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%w %q: %w", ErrInvalidServer, raw, err)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return "", fmt.Errorf("%w %q: plain http:// would send your access token unencrypted; use https://", ErrInvalidServer, raw)
		}
	default:
		return "", fmt.Errorf("%w %q: scheme %q is not http or https", ErrInvalidServer, raw, u.Scheme)
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("%w %q: no host name", ErrInvalidServer, raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("%w %q: must not contain a user name or password", ErrInvalidServer, raw)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || strings.Contains(s, "#") {
		return "", fmt.Errorf("%w %q: give only the server, like https://mastodon.social (no path or query)", ErrInvalidServer, raw)
	}
	if strings.IndexFunc(u.Host, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "", fmt.Errorf("%w %q: host contains spaces", ErrInvalidServer, raw)
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
