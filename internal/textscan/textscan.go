// Package textscan finds URLs and remote mentions in post text the way
// Mastodon's own validators do. The client counts characters with it and
// the importer splits and rewrites text with it, so both agree on where a
// URL ends: a post split by the importer is never counted differently by
// the client.
package textscan

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// URLAt returns the byte length of a URL with an http(s) scheme starting
// at i, or 0. Like twitter-text, a URL may not follow a letter, digit, @,
// $ or #, ends at whitespace, and leaves trailing punctuation and
// unbalanced closing brackets outside.
func URLAt(s string, i int, prev rune) int {
	if prev != -1 && (IsWordRune(prev) || prev == '@' || prev == '$' || prev == '#' || prev == '＠' || prev == '＃') {
		return 0
	}
	rest := s[i:]
	var scheme int
	switch {
	case HasPrefixFold(rest, "https://"):
		scheme = len("https://")
	case HasPrefixFold(rest, "http://"):
		scheme = len("http://")
	default:
		return 0
	}
	end := scheme
	for end < len(rest) {
		r, size := utf8.DecodeRuneInString(rest[end:])
		if unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' {
			break
		}
		end += size
	}
	// Trim trailing punctuation and closing brackets without an opener.
	for end > scheme {
		c := rest[end-1]
		if strings.IndexByte(".,:;!?'", c) >= 0 {
			end--
			continue
		}
		if (c == ')' && strings.Count(rest[:end], "(") < strings.Count(rest[:end], ")")) ||
			(c == ']' && strings.Count(rest[:end], "[") < strings.Count(rest[:end], "]")) {
			end--
			continue
		}
		break
	}
	// A host must follow the scheme.
	if end == scheme {
		return 0
	}
	if r, _ := utf8.DecodeRuneInString(rest[scheme:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return 0
	}
	return end
}

// RemoteMentionAt matches Mastodon's mention pattern
// @user@domain (user: [a-z0-9_]+([.-]+[a-z0-9_]+)*, domain:
// \w+([.-]+\w+)*) not preceded by =, / or a word character, and returns
// the user part and the match length. Local mentions return 0: they count
// as written.
func RemoteMentionAt(s string, i int, prev rune) (string, int) {
	if s[i] != '@' || (prev != -1 && (prev == '=' || prev == '/' || IsWordRune(prev))) {
		return "", 0
	}
	u := matchDotted(s[i+1:], isUserByte)
	if u == 0 || i+1+u >= len(s) || s[i+1+u] != '@' {
		return "", 0
	}
	d := matchDottedRunes(s[i+2+u:])
	if d == 0 {
		return "", 0
	}
	return s[i+1 : i+1+u], 2 + u + d
}

// matchDotted matches X+([.-]+X+)* over ASCII bytes.
func matchDotted(s string, ok func(byte) bool) int {
	n := 0
	for n < len(s) && ok(s[n]) {
		n++
	}
	if n == 0 {
		return 0
	}
	for {
		j := n
		for j < len(s) && (s[j] == '.' || s[j] == '-') {
			j++
		}
		if j == n {
			return n
		}
		k := j
		for k < len(s) && ok(s[k]) {
			k++
		}
		if k == j {
			return n
		}
		n = k
	}
}

// matchDottedRunes is matchDotted for Unicode word characters (domains
// may be internationalised).
func matchDottedRunes(s string) int {
	word := func(s string) int {
		n := 0
		for n < len(s) {
			r, size := utf8.DecodeRuneInString(s[n:])
			if !IsWordRune(r) {
				break
			}
			n += size
		}
		return n
	}
	n := word(s)
	if n == 0 {
		return 0
	}
	for {
		j := n
		for j < len(s) && (s[j] == '.' || s[j] == '-') {
			j++
		}
		if j == n {
			return n
		}
		k := word(s[j:])
		if k == 0 {
			return n
		}
		n = j + k
	}
}

func isUserByte(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// IsDigits reports whether s is non-empty and only ASCII digits: a
// numeric id, a port, a top-level label that no real domain has.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsWordRune is Ruby's [[:word:]]: letters, marks, digits, connectors.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) ||
		unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)
}

// HasPrefixFold is strings.HasPrefix ignoring case.
func HasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
