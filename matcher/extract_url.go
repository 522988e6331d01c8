package matcher

import (
	"strings"
	"unicode/utf8"
)

// Base confidences per form, before the adjustments listed in extract.go.
const (
	baseAcct        = 0.90 // @user@domain, acct:user@domain
	baseProfileURL  = 0.85 // host/@user, host/web/@user, host/@user/…
	baseRemoteView  = 0.80 // host/@user@other: usually, not always, the owner's
	baseKnownPath   = 0.80 // host/user on a known Pixelfed/WriteFreely host, Bridgy Fed pages
	baseChannelPath = 0.60 // /video-channels/x: only PeerTube uses it
	baseUsersPath   = 0.45 // /users/user: Mastodon's actor URL, but common elsewhere
	baseGenericPath = 0.45 // /u/ /a/ /c/ /accounts/ /profile/ /channel/ /user/ /channels/
	baseBare        = 0.45 // user@domain: as likely an e-mail address
)

// pathRule describes one profile-path shape: /<prefix>/<user>.
type pathRule struct {
	base  float64
	hints []string // host-name parts that say the host runs this software
}

var pathRules = map[string]pathRule{
	"users":          {baseUsersPath, nil},                                                   // Mastodon, GoToSocial, Pleroma/Akkoma, Pixelfed actors
	"u":              {baseGenericPath, []string{"lemmy", "kbin", "mbin", "feddit", "lemm"}}, // Lemmy, kbin/mbin users
	"c":              {baseGenericPath, []string{"lemmy", "kbin", "feddit", "lemm", "tube", "video"}},
	"a":              {baseGenericPath, []string{"tube", "video"}}, // PeerTube accounts
	"accounts":       {baseGenericPath, []string{"tube", "video"}},
	"video-channels": {baseChannelPath, []string{"tube", "video"}},
	"profile":        {baseGenericPath, []string{"friendica", "friendi", "hubzilla", "hub."}},
	"channel":        {baseGenericPath, []string{"hubzilla", "hub.", "zot"}},
	"user":           {baseGenericPath, []string{"bookwyrm", "book", "read"}},
	"channels":       {baseGenericPath, []string{"funkwhale", "audio", "music"}},
	"m":              {baseGenericPath, nil}, // kbin/mbin magazines: communities (groupPath), else nothing
}

// reservedNames are path words that follow a profile prefix but name a
// page, not an account ("/users/sign_in", "/u/login").
var reservedNames = setOf("login", "logout", "signin", "sign_in", "signup",
	"sign_up", "register", "settings", "edit", "new", "search", "explore",
	"about", "home", "index", "help", "terms", "privacy", "p", "i", "w",
	"discover", "site", "auth", "oauth", "api", "admin", "public", "local",
	"tags", "tag", "web", "deck", "share", "notifications", "directory")

// isURLByte reports the ASCII characters a URL token may contain. Brackets
// and quotes end a token so "(mastodon.social/@alice)" parses cleanly.
// Non-ASCII letters are taken too (idnRuneLen), for Unicode host names;
// asciiPath and idnLead then cut off CJK prose glued to either end.
func isURLByte(c byte) bool {
	if c <= ' ' || c >= 0x7f {
		return false
	}
	switch c {
	case '"', '<', '>', '`', '{', '}', '|', '\\', '^', '(', ')', '[', ']':
		return false
	}
	return true
}

// idnRuneLen returns the length of the rune at text[i] when it is a
// non-ASCII letter, mark or digit, which may belong to an
// internationalised host name, and 0 otherwise.
func idnRuneLen(text string, i int) int {
	r, n := utf8.DecodeRuneInString(text[i:])
	if !isIDNRune(r) {
		return 0
	}
	return n
}

// asciiPath cuts a token at the first non-ASCII byte after its host: user
// names and paths are ASCII, so "mastodon.social/@alice次" ends at "次"
// as it did before host names could be Unicode.
func asciiPath(tok string) string {
	h := 0
	if k := strings.Index(tok, "://"); k >= 0 {
		h = k + 3
	}
	slash := strings.IndexByte(tok[h:], '/')
	if slash < 0 {
		return tok
	}
	for j := h + slash; j < len(tok); j++ {
		if tok[j] >= utf8.RuneSelf {
			return tok[:j]
		}
	}
	return tok
}

// idnLead returns how many bytes of prose written without a space come
// before the URL in a token with non-ASCII letters: "次はhttps://…" starts
// at the scheme, "詳しくはmastodon.social/@a" at the host (see hostStart).
func idnLead(tok string) int {
	if k := strings.Index(tok, "://"); k >= 0 {
		j := k
		for j > 0 && (tok[j-1] >= 'a' && tok[j-1] <= 'z' || tok[j-1] >= 'A' && tok[j-1] <= 'Z') {
			j--
		}
		if j > 0 && tok[j-1] >= utf8.RuneSelf {
			return j
		}
		return 0
	}
	host := tok
	if slash := strings.IndexByte(tok, '/'); slash >= 0 {
		host = tok[:slash]
	}
	if isASCII(host) {
		return 0
	}
	return hostStart(host)
}

// scanURLs finds profile URLs, with or without a scheme, in text. Each
// maximal run of URL characters is parsed at most once, so the scan is
// linear in the text.
func scanURLs(text string, emit func(hit) bool) {
	if strings.IndexByte(text, '/') < 0 {
		return
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !isURLByte(c) {
			i++
			continue
		}
		s, uni := i, false
		for i < len(text) {
			// ASCII inline: this loop sees every byte of every field.
			if c := text[i]; c < utf8.RuneSelf {
				if !isURLByte(c) {
					break
				}
				i++
				continue
			}
			n := idnRuneLen(text, i)
			if n == 0 {
				break
			}
			uni = true
			i += n
		}
		if i == s {
			i++ // a non-ASCII byte that is not part of a host name
			continue
		}
		raw := text[s:i]
		if uni {
			raw = asciiPath(raw)
		}
		if strings.HasPrefix(text[s+len(raw):], ellipsis) {
			continue // a truncated display URL: its last part may be cut
		}
		tok, off := trimToken(raw)
		if uni {
			lo := idnLead(tok)
			tok, off = tok[lo:], off+lo
		}
		if strings.IndexByte(tok, '/') < 0 || strings.IndexByte(tok, '.') < 0 {
			continue
		}
		if h, ok := parseProfileURL(tok); ok {
			h.start, h.end = s+off, s+off+len(tok)
			if !emit(h) {
				return
			}
		}
	}
}

// trimToken strips what surrounds a URL in prose: leading punctuation,
// trailing sentence punctuation and a possessive "'s". It returns the
// token and how many bytes were cut from its front.
func trimToken(t string) (string, int) {
	off := 0
	for off < len(t) && t[off] < utf8.RuneSelf && !isAlnum(t[off]) {
		off++
	}
	t = t[off:]
	for {
		n := len(t)
		if strings.HasSuffix(t, "'s") || strings.HasSuffix(t, "'S") {
			t = t[:n-2]
			continue
		}
		if n > 0 && strings.IndexByte(".,;:!?'\"*", t[n-1]) >= 0 {
			t = t[:n-1]
			continue
		}
		return t, off
	}
}

// parseProfileURL reads one URL token by hand: optional http(s) scheme,
// host, path; query and fragment are ignored. It reports a hit for every
// profile-path shape listed in pathRules, /@user and its sub-pages,
// /web/@user, remote views and the host-specific shapes.
func parseProfileURL(tok string) (hit, bool) {
	rest := tok
	if i := strings.Index(rest, "://"); i >= 0 {
		scheme := strings.ToLower(rest[:i])
		if scheme != "https" && scheme != "http" {
			return hit{}, false
		}
		rest = rest[i+3:]
	}
	if q := strings.IndexAny(rest, "?#"); q >= 0 {
		rest = rest[:q]
	}
	slash := strings.IndexByte(rest, '/')
	if slash <= 0 {
		return hit{}, false
	}
	host, path := rest[:slash], rest[slash+1:]
	if strings.IndexByte(host, '@') >= 0 {
		return hit{}, false // user-info: not a profile link
	}
	if c := strings.IndexByte(host, ':'); c >= 0 {
		host = host[:c]
	}
	written := host
	host, ok := canonicalDomain(host)
	if !ok || host == "t.co" {
		return hit{}, false
	}
	h, ok := profilePath(host, path)
	if ok && h.viaHost == "" && !isASCII(written) {
		_, h.spoof = inspectDomain(written)
	}
	return h, ok
}

// profilePath matches the path of a URL on host (canonical) against the
// profile-path shapes.
func profilePath(host, path string) (hit, bool) {
	var segs [3]string
	n := 0
	for _, p := range strings.Split(path, "/") {
		if p == "" {
			continue
		}
		segs[n] = p
		n++
		if n == len(segs) {
			break
		}
	}
	if n == 0 {
		return hit{}, false
	}
	first := strings.ToLower(segs[0])

	if h, matched, ok := bridgePath(host, segs[:n]); ok {
		return h, matched
	}
	switch host {
	case "fed.brid.gy":
		// Bridgy Fed's user pages: /web/<domain> and /bsky/<handle>.
		if n >= 2 && (first == "web" || first == "bsky") {
			return hit{user: segs[1], domain: first + ".brid.gy", form: FormURL, base: baseKnownPath}, true
		}
		return hit{}, false
	}

	if (first == "web" || first == "deck") && n >= 2 && strings.HasPrefix(segs[1], "@") {
		return atSegment(host, segs[1])
	}
	if strings.HasPrefix(first, "@") {
		return atSegment(host, segs[0])
	}
	if rule, ok := pathRules[first]; ok && n >= 2 {
		name := strings.TrimPrefix(segs[1], "@") // kbin writes /u/@user@host
		if reservedNames[strings.ToLower(name)] {
			return hit{}, false
		}
		h, ok := withRemote(hit{form: FormURL, base: rule.base, hints: rule.hints}, host, name)
		if !ok {
			return hit{}, false
		}
		return groupPath(h, host, first)
	}
	if n == 1 && (pixelfedHosts[host] || writeFreelyHosts[host] ||
		strings.Contains(host, "pixelfed") || strings.Contains(host, "writefreely")) {
		if reservedNames[first] {
			return hit{}, false
		}
		return hit{user: segs[0], domain: host, form: FormURL, base: baseKnownPath}, true
	}
	return hit{}, false
}

// atSegment handles "@user" and the remote view "@user@otherhost".
func atSegment(host, seg string) (hit, bool) {
	h := hit{form: FormURL, base: baseProfileURL}
	return withRemote(h, host, seg[1:])
}

// withRemote fills the user and domain from a path segment that is either
// a local name or "name@otherhost" (a remote account viewed on host).
func withRemote(h hit, host, name string) (hit, bool) {
	if at := strings.IndexByte(name, '@'); at >= 0 {
		h.user, h.domain, h.viaHost = name[:at], name[at+1:], host
		h.form = FormRemoteURL
		if h.base > baseRemoteView {
			h.base = baseRemoteView
		}
	} else {
		h.user, h.domain = name, host
	}
	if h.user == "" || h.domain == "" {
		return hit{}, false
	}
	return h, true
}
