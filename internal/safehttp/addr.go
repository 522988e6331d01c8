package safehttp

import (
	"fmt"
	"net/netip"
	"strings"
)

// extraBlocked lists ranges that netip's predicates do not cover but that
// must never be reached from untrusted input either.
var extraBlocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT, often internal
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking networks
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, includes broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),  // documentation
	netip.MustParsePrefix("100::/64"),       // discard-only
	netip.MustParsePrefix("2002::/16"),      // 6to4 can embed any IPv4 address
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64 can embed any IPv4 address
	netip.MustParsePrefix("fec0::/10"),      // deprecated site-local
}

// Blocked reports whether addr is one the client must not connect to
// without AllowPrivate, and names the kind of address for error messages.
func Blocked(addr netip.Addr) (kind string, blocked bool) {
	a := addr.Unmap()
	switch {
	case !a.IsValid():
		return "invalid", true
	case a.IsUnspecified():
		return "unspecified", true
	case a.IsLoopback():
		return "loopback", true
	case a.IsPrivate():
		return "private", true
	case a.IsLinkLocalUnicast():
		return "link-local", true
	case a.IsMulticast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast():
		return "multicast", true
	}
	for _, p := range extraBlocked {
		if p.Contains(a) {
			return "reserved", true
		}
	}
	return "", false
}

// BlockedError is returned (wrapped in the *url.Error of the request) when
// the dialer refuses an address.
type BlockedError struct {
	Host string     // the name that was asked for
	Addr netip.Addr // the address it resolved to
	Kind string     // loopback, private, link-local, multicast, unspecified, reserved
}

func (e *BlockedError) Error() string {
	if e.Host == "" || e.Host == e.Addr.String() {
		return fmt.Sprintf("refusing to connect to %s address %s (use --allow-private-network to permit it)", e.Kind, e.Addr)
	}
	return fmt.Sprintf("refusing to connect to %s: it resolves to %s address %s (use --allow-private-network to permit it)", e.Host, e.Kind, e.Addr)
}

// Reason is the refusal in a few words for a person, without the "refusing
// to connect" preamble: "fedi.example resolves to a private address
// 10.0.0.5; use --allow-private-network if you trust it".
func (e *BlockedError) Reason() string {
	article := "a"
	if e.Kind != "" && strings.ContainsRune("aeiou", rune(e.Kind[0])) {
		article = "an"
	}
	if e.Host == "" || e.Host == e.Addr.String() {
		return fmt.Sprintf("%s is %s %s address; use --allow-private-network if you trust it", e.Addr, article, e.Kind)
	}
	return fmt.Sprintf("%s resolves to %s %s address %s; use --allow-private-network if you trust it", e.Host, article, e.Kind, e.Addr)
}
