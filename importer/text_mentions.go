package importer

import (
	"strings"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/internal/textscan"
)

// Mention policies (--mentions).
const (
	// MentionsPlain writes "＠name" (a fullwidth at sign): readable, but no
	// server parses it as a mention, so nobody is notified.
	MentionsPlain = "plain"
	// MentionsFediverse writes the matched fediverse handle, which notifies
	// that person; names without a match stay plain.
	MentionsFediverse = "fediverse"
)

// fullwidthAt is what a mention's "@" becomes under MentionsPlain.
const fullwidthAt = "＠"

// rewriteMentions replaces every "@name" that a server could read as a
// mention. It rewrites every @word shaped like a Twitter screen name, not
// only the archive's mention entities: a bare @name matching a local user
// would notify them. URLs and e-mail addresses are left alone. handles
// maps lower-cased screen names to "user@domain" and is used only when
// policy is MentionsFediverse.
func rewriteMentions(text, policy string, handles map[string]string) string {
	if !strings.Contains(text, "@") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 8)
	prev := rune(-1)
	for i := 0; i < len(text); {
		if n := textscan.URLAt(text, i, prev); n > 0 {
			b.WriteString(text[i : i+n])
			i += n
			prev = 'x'
			continue
		}
		if text[i] == '@' && mentionMayStart(prev) {
			if n := screenNameLen(text[i+1:]); n > 0 && !mentionContinues(text[i+1+n:]) {
				name := text[i+1 : i+1+n]
				if acct, ok := handles[strings.ToLower(name)]; ok && policy == MentionsFediverse && acct != "" {
					b.WriteString("@" + strings.TrimPrefix(acct, "@"))
				} else {
					b.WriteString(fullwidthAt + name)
				}
				i += 1 + n
				prev = 'x'
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		b.WriteString(text[i : i+size])
		prev = r
		i += size
	}
	return b.String()
}

// mentionMayStart: an @ after a letter, digit or some symbols is part of
// an e-mail address or a path, not a mention (twitter-text's rule).
func mentionMayStart(prev rune) bool {
	if prev == -1 {
		return true
	}
	if textscan.IsWordRune(prev) {
		return false
	}
	switch prev {
	case '@', '/', '!', '#', '$', '%', '&', '*', '.', '＠':
		return false
	}
	return true
}

// screenNameLen is the length of the screen name at the start of s (1–15
// of A–Z, a–z, 0–9 and _), or 0.
func screenNameLen(s string) int {
	n := 0
	for n < len(s) && n < 15 && isNameByte(s[n]) {
		n++
	}
	return n
}

// mentionContinues reports whether the text after a 15-character name
// goes on with name characters or "@domain" (already a fediverse handle
// or an address): then it is not a Twitter mention and is left as is.
func mentionContinues(rest string) bool {
	return rest != "" && (isNameByte(rest[0]) || rest[0] == '@')
}

func isNameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
