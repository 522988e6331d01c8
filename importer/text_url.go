package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// textURLLen returns the byte length of an http(s) URL starting at i, or
// 0. It follows the same shape rules as the server-side counters: a URL
// may not follow a word character, ends at whitespace, and leaves
// trailing punctuation outside. The importer uses it to keep mentions
// inside URLs untouched and never to split a URL across posts.
func textURLLen(s string, i int, prev rune) int {
	if prev != -1 && (isWordRune(prev) || prev == '@' || prev == '#' || prev == '$') {
		return 0
	}
	rest := s[i:]
	var scheme int
	switch {
	case hasPrefixFold(rest, "https://"):
		scheme = len("https://")
	case hasPrefixFold(rest, "http://"):
		scheme = len("http://")
	default:
		return 0
	}
	end := scheme
	for end < len(rest) {
		r, size := utf8.DecodeRuneInString(rest[end:])
		if unicode.IsSpace(r) {
			break
		}
		end += size
	}
	for end > scheme {
		r, size := utf8.DecodeLastRuneInString(rest[:end])
		if !strings.ContainsRune(".,:;!?'\"”’)]}>", r) {
			break
		}
		end -= size
	}
	if end == scheme {
		return 0
	}
	return end
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
