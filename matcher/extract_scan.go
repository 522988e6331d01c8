package matcher

import (
	"strings"
	"unicode/utf8"
)

// hit is one handle-shaped match in a scanned text, before scoring.
// start and end are byte offsets into the text that was scanned.
type hit struct {
	user, domain string
	form         Form
	start, end   int
	base         float64 // confidence from the form and path alone
	// hints are extra host-name parts that, for this particular path,
	// mark the host as running the right software ("tube" for PeerTube).
	hints []string
	// viaHost is the host a remote view was seen on (also checked against
	// the negative lists).
	viaHost string
	obf     obfKind // which written-around forms the match relied on
	// spoof marks a Unicode domain that mixes look-alike scripts or is
	// spelled only with letters that look like ASCII ones (a homograph).
	spoof bool
	// community marks a group the profile mentions (a Lemmy community):
	// listed in Match.Communities, never a candidate.
	community bool
}

const ellipsis = "…"

// scanAt finds "@user@domain", bare "user@domain" and "acct:user@domain".
// It visits every '@' once and, from there, walks left over the user part
// and right over the domain; those runs never cross another '@', so each
// byte is read a bounded number of times and hostile input (10 KB of '@')
// stays linear. It stops when emit returns false.
func scanAt(text string, emit func(hit) bool) {
	for i := 0; i < len(text); i++ {
		j := strings.IndexByte(text[i:], '@')
		if j < 0 {
			return
		}
		at := i + j
		i = at

		us := at
		for us > 0 && isUserByte(text[us-1]) {
			us--
		}
		// A user part does not start with punctuation: "...alice@x" is
		// "alice@x" after an ellipsis written with dots.
		for us < at && (text[us] == '.' || text[us] == '-') {
			us++
		}
		if us == at {
			continue // a leading '@' (or a lone one): the next '@' decides
		}
		de, uni := domainRun(text, at+1)
		whole := trimDomainEnd(text, at+1, de)
		if whole == at+1 {
			continue
		}
		dEnd, domain, spoof := whole, text[at+1:whole], false
		if uni {
			// domain becomes the ASCII form (validated already); the
			// evidence keeps the domain as written.
			var ok bool
			if dEnd, domain, spoof, ok = idnDomainEnd(text, at+1, de); !ok {
				continue
			}
		}
		// What follows the domain matters only when the domain is the
		// whole run: a shorter one is followed by glued prose.
		if dEnd == whole && !afterHandleOK(text, de) {
			continue
		}
		h := hit{user: text[us:at], domain: domain, end: dEnd, spoof: spoof}
		var prev byte
		if us > 0 {
			prev = text[us-1]
		}
		switch {
		case prev == '!':
			// "!community@host": how Lemmy writes a community.
			if us >= 2 && isWordByte(text[us-2]) {
				continue
			}
			h.form, h.start, h.base, h.community = FormAcct, us-1, baseAcct, true
		case us == 0 || !isBoundaryReject(prev):
			h.form, h.start, h.base = FormBare, us, baseBare
			if prev == ':' {
				switch scheme := strings.ToLower(schemeBefore(text, us-1)); scheme {
				case "acct":
					h.form, h.start, h.base = FormAcctURI, us-1-len(scheme), baseAcct
				case "mailto", "xmpp", "sip", "sips", "tel", "matrix", "irc", "ssh",
					"git", "ftp", "http", "https", "smtp", "imap", "news":
					continue
				}
			}
		case prev == '@':
			// "@user@domain": what precedes the first '@' must not be a
			// word character or '/', which rules out "foo@bar@baz" chains,
			// remote-view URLs (parsed as URLs instead) and scoped packages.
			if us >= 2 && (isWordByte(text[us-2]) || text[us-2] == '/') {
				continue
			}
			h.form, h.start, h.base = FormAcct, us-1, baseAcct
		default:
			continue
		}
		if !emit(h) {
			return
		}
	}
}

// domainRun returns the end of the run of domain characters starting at
// from: ASCII letters, digits, '.' and '-', and non-ASCII letters, marks
// and digits (uni reports whether there were any). A run never crosses an
// '@'.
func domainRun(text string, from int) (end int, uni bool) {
	end = from
	for end < len(text) {
		c := text[end]
		if c < utf8.RuneSelf {
			if !isDomainByte(c) {
				break
			}
			end++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[end:])
		if !isIDNRune(r) {
			break
		}
		end += n
		uni = true
	}
	return end, uni
}

// isBoundaryReject reports characters that may not come right before a
// user part: word characters are impossible here (the run would have
// taken them), '/' means a path (git remotes, "@scope/pkg@1"), and the
// rest mean a query string, an encoded address or a hashtag.
func isBoundaryReject(c byte) bool {
	switch c {
	case '/', '@', '=', '%', '&', '+', '\\', '#', '~', '$', '*':
		return true
	}
	return false
}

// afterHandleOK rejects a domain that continues in a way no handle does:
// "git@github.com:org/repo" and "host:port" (':' then a non-space). A '…'
// after a handle is prose: Twitter truncates display URLs, which
// scanURLs refuses, never handles written in the text.
func afterHandleOK(text string, de int) bool {
	if de >= len(text) {
		return true
	}
	switch text[de] {
	case ':':
		return de+1 >= len(text) || text[de+1] == ' ' || text[de+1] == '\n'
	case '@':
		return false // "a@b.c@d": not a handle, and not two of them
	}
	return true
}

// schemeBefore returns the run of ASCII letters ending at text[colon-1].
func schemeBefore(text string, colon int) string {
	s := colon
	for s > 0 && (text[s-1] >= 'a' && text[s-1] <= 'z' || text[s-1] >= 'A' && text[s-1] <= 'Z') {
		s--
	}
	return text[s:colon]
}
