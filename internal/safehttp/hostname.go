package safehttp

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"github.com/fledge-cli/fledge/internal/textscan"
)

// errBadNumericHost marks a host whose last label is a number but which
// is no IPv4 address either, such as 256.1.1.1 or 1.2.3.4.5.
var errBadNumericHost = errors.New("host ends in a number but is not an IPv4 address")

// numericHost reads host the way inet_aton and the WHATWG URL standard do
// when its last label is a number. "127.1", "2130706433", "0x7f.0.0.1" and
// "127.0.0.1." all mean 127.0.0.1 to a proxy's C resolver or a browser,
// while Go's resolver rejects them; without this, a proxied request would
// slip past the address check as an unresolvable name. numeric is false for
// ordinary names, which no top-level domain (never all digits) can be.
func numericHost(host string) (addr netip.Addr, numeric bool, err error) {
	parts := strings.Split(host, ".")
	if len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	if _, ok := ipv4Number(parts[len(parts)-1]); !ok && !textscan.IsDigits(parts[len(parts)-1]) {
		return netip.Addr{}, false, nil
	}
	if len(parts) > 4 {
		return netip.Addr{}, true, errBadNumericHost
	}
	var v uint64
	for i, p := range parts {
		n, ok := ipv4Number(p)
		if !ok {
			return netip.Addr{}, true, errBadNumericHost
		}
		if i < len(parts)-1 {
			// Every part but the last is one byte, from the left.
			if n > 255 {
				return netip.Addr{}, true, errBadNumericHost
			}
			v |= n << (8 * (3 - i))
			continue
		}
		// The last part fills all the bytes that are left.
		if n >= 1<<(8*(5-len(parts))) {
			return netip.Addr{}, true, errBadNumericHost
		}
		v |= n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true, nil
}

// ipv4Number parses one part: decimal, octal with a leading 0, or hex with
// 0x. An empty part is not a number; "0x" alone is zero, as in WHATWG.
func ipv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base := 10
	switch {
	case len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X"):
		s, base = s[2:], 16
		if s == "" {
			return 0, true
		}
	case len(s) > 1 && s[0] == '0':
		s, base = s[1:], 8
	}
	n, err := strconv.ParseUint(s, base, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 1 << 40, true // a number, but too big for any address
	case err != nil:
		return 0, false
	}
	return n, true
}

// isLocalhostName reports names that RFC 6761 reserves for loopback:
// "localhost" and every name under it, with or without the final dot.
// Resolvers (systemd-resolved, a proxy's) answer them with 127.0.0.1 even
// where DNS has nothing.
func isLocalhostName(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	return h == "localhost" || strings.HasSuffix(h, ".localhost")
}
