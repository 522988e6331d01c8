package mastodon

import (
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/fledge-cli/fledge/internal/textscan"
)

// CountChars counts text the way the profile's server does when it checks
// max_characters (add the spoiler text separately):
//
//   - Mastodon (and unknown software): grapheme clusters, every URL with a
//     scheme as characters_reserved_per_url, a remote mention
//     "@user@domain" as "@user".
//   - GoToSocial: raw runes, URLs at full length.
//   - Pleroma/Akkoma: grapheme clusters, URLs at full length.
func CountChars(p ServerProfile, text string) int {
	switch p.Software {
	case SoftwareGoToSocial:
		return utf8.RuneCountInString(text)
	case SoftwarePleroma, SoftwareAkkoma:
		return uniseg.GraphemeClusterCount(text)
	}
	perURL := p.Limits.CharactersPerURL
	if perURL <= 0 {
		perURL = 23
	}
	return uniseg.GraphemeClusterCount(countableText(text, perURL))
}

// countableText rewrites text as Mastodon's StatusLengthValidator does:
// URLs become perURL placeholder characters, remote mentions lose their
// domain.
func countableText(text string, perURL int) string {
	var b strings.Builder
	b.Grow(len(text))
	prev := rune(-1) // rune before position i; -1 at the start
	for i := 0; i < len(text); {
		if n := textscan.URLAt(text, i, prev); n > 0 {
			b.WriteString(strings.Repeat("x", perURL))
			i += n
			prev = 'x'
			continue
		}
		if user, n := textscan.RemoteMentionAt(text, i, prev); n > 0 {
			b.WriteByte('@')
			b.WriteString(user)
			i += n
			prev = 'x'
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		b.WriteString(text[i : i+size])
		prev = r
		i += size
	}
	return b.String()
}
