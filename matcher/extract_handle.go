package matcher

import (
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/fledge-cli/fledge/internal/textscan"
)

// maxUserLen bounds the user part. Mastodon's own limit is 30 for local
// accounts; bridged accounts use whole domain names ("alice.bsky.social",
// "example.com"), so we allow more but not unbounded junk.
const maxUserLen = 64

// CanonicalHandle builds "@user@domain" from its parts: the domain is
// lower-cased (and IDNs converted to their ASCII form), the user keeps its
// case. It reports false when either part is not valid: the user must
// follow Mastodon's username rule (letters, digits and "_", with "." and
// "-" only between them) and the domain must be a DNS name under a suffix
// on the public suffix list.
func CanonicalHandle(user, domain string) (string, bool) {
	user = strings.TrimPrefix(user, "@")
	d, ok := canonicalDomain(domain)
	if !ok || !validUser(user) {
		return "", false
	}
	return "@" + user + "@" + d, true
}

// SplitHandle splits "@user@domain" (the leading "@" is optional) into its
// parts, validated and with the domain canonicalised as CanonicalHandle
// does.
func SplitHandle(h string) (user, domain string, ok bool) {
	h = strings.TrimPrefix(strings.TrimSpace(h), "@")
	i := strings.IndexByte(h, '@')
	if i < 0 {
		return "", "", false
	}
	user, domain = h[:i], h[i+1:]
	d, ok := canonicalDomain(domain)
	if !ok || !validUser(user) {
		return "", "", false
	}
	return user, d, true
}

// validUser applies Mastodon's USERNAME_RE: [a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?
// case-insensitively.
func validUser(u string) bool {
	if u == "" || len(u) > maxUserLen {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case isAlnum(c) || c == '_':
		case c == '.' || c == '-':
			if i == 0 || i == len(u)-1 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// canonicalDomain lower-cases and validates a host name.
func canonicalDomain(d string) (string, bool) {
	d, _, ok := checkDomain(d)
	return d, ok
}

// checkDomain is canonicalDomain that also returns the registrable domain
// (eTLD+1), so callers consult the public suffix list only once.
func checkDomain(d string) (domain, reg string, ok bool) {
	if d == "" || len(d) > 253 {
		return "", "", false
	}
	if !isASCII(d) {
		a, err := idna.Lookup.ToASCII(d)
		if err != nil {
			return "", "", false
		}
		d = a
	}
	d = strings.ToLower(d)
	reg, ok = validDomain(d)
	if !ok {
		return "", "", false
	}
	return d, reg, true
}

// validDomain checks an ASCII lower-case host name: at least two labels of
// letters, digits and inner hyphens, a top-level domain that is not all
// digits (no IP addresses, no "react@18.2.0"), a suffix the public suffix
// list knows (so "mastodon.social.https" fails) and a name below it. It
// returns the registrable domain.
func validDomain(d string) (string, bool) {
	if len(d) < 3 || len(d) > 253 || strings.IndexByte(d, '.') < 0 {
		return "", false
	}
	labelStart := 0
	for i := 0; i <= len(d); i++ {
		if i < len(d) && d[i] != '.' {
			c := d[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", false
			}
			continue
		}
		label := d[labelStart:i]
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "", false
		}
		labelStart = i + 1
	}
	tld := d[strings.LastIndexByte(d, '.')+1:]
	if textscan.IsDigits(tld) {
		return "", false
	}
	suffix, icann := publicsuffix.PublicSuffix(d)
	if !icann && strings.IndexByte(suffix, '.') < 0 {
		// Not on the list at all: the library falls back to the last label.
		return "", false
	}
	if len(suffix) >= len(d) {
		return "", false
	}
	// The registrable domain is the suffix and the one label before it.
	rest := d[:len(d)-len(suffix)-1]
	return rest[strings.LastIndexByte(rest, '.')+1:] + "." + suffix, true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isWordByte is RE2's \w: what may not come right before a handle.
func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }

func isUserByte(c byte) bool { return isAlnum(c) || c == '_' || c == '.' || c == '-' }

func isDomainByte(c byte) bool { return isAlnum(c) || c == '.' || c == '-' }
