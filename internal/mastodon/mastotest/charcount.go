package mastotest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// CountMastodon counts a status the way Mastodon's StatusLengthValidator
// does: grapheme clusters, every URL with a scheme as urlLen characters,
// and a remote mention @user@domain as just @user.
func CountMastodon(text string, urlLen int) int {
	return uniseg.GraphemeClusterCount(countableText(text, urlLen))
}

// CountGoToSocial counts raw runes, URLs at full length, as GoToSocial's
// validator does.
func CountGoToSocial(text string) int { return utf8.RuneCountInString(text) }

// mentionRE follows Mastodon's Account::MENTION_RE; the look-behind
// (no '=', '/' or word character before '@') is checked by hand.
var mentionRE = regexp.MustCompile(`@([A-Za-z0-9_]+(?:[A-Za-z0-9_.\-]+[A-Za-z0-9_]+)?)(@[\p{L}\p{N}_.\-]+[\p{L}\p{N}_])?`)

func countableText(text string, urlLen int) string {
	text = replaceURLs(text, strings.Repeat("x", urlLen))
	var b strings.Builder
	last := 0
	for _, m := range mentionRE.FindAllStringSubmatchIndex(text, -1) {
		if m[4] < 0 || !mentionBoundary(text, m[0]) {
			continue
		}
		b.WriteString(text[last:m[0]])
		b.WriteString(text[m[0]:m[3]]) // "@user"
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

func mentionBoundary(text string, at int) bool {
	if at == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:at])
	return r != '=' && r != '/' && !isWordRune(r)
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// replaceURLs swaps every http(s) URL for the placeholder. It approximates
// twitter-text's extractor: a scheme, a host with a dot, then everything
// up to whitespace, minus trailing punctuation and unbalanced ')'.
func replaceURLs(text, placeholder string) string {
	var b strings.Builder
	i := 0
	for i < len(text) {
		start := indexScheme(text, i)
		if start < 0 {
			break
		}
		end := urlEnd(text, start)
		if end < 0 {
			b.WriteString(text[i : start+1])
			i = start + 1
			continue
		}
		b.WriteString(text[i:start])
		b.WriteString(placeholder)
		i = end
	}
	b.WriteString(text[i:])
	return b.String()
}

// indexScheme finds the next "http://" or "https://" at or after i that
// does not continue a word.
func indexScheme(text string, i int) int {
	low := asciiLower(text)
	for {
		j := strings.Index(low[i:], "http")
		if j < 0 {
			return -1
		}
		j += i
		rest := low[j:]
		if strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://") {
			if j == 0 {
				return j
			}
			r, _ := utf8.DecodeLastRuneInString(text[:j])
			if !isWordRune(r) && r != '@' && r != '$' && r != '#' {
				return j
			}
		}
		i = j + 4
	}
}

// asciiLower lower-cases A–Z only, so byte offsets stay those of text
// (strings.ToLower turns invalid UTF-8 into three-byte U+FFFD).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// urlEnd returns where the URL starting at start ends, or -1 when what
// follows the scheme is not a valid host.
func urlEnd(text string, start int) int {
	p := start + strings.Index(text[start:], "//") + 2
	hostEnd := p
	for hostEnd < len(text) {
		c := text[hostEnd]
		if c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			hostEnd++
			continue
		}
		break
	}
	host := strings.TrimRight(text[p:hostEnd], ".")
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || dot == len(host)-1 || strings.HasPrefix(host, "-") {
		return -1
	}
	end := hostEnd
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		if unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' {
			break
		}
		end += size
	}
	// Trim trailing punctuation, and ')' that closes nothing in the URL.
	for end > p+len(host) {
		c := text[end-1]
		switch {
		case strings.IndexByte(".,;:!?'", c) >= 0:
			end--
			continue
		case c == ')' && strings.Count(text[start:end], "(") < strings.Count(text[start:end], ")"):
			end--
			continue
		}
		break
	}
	return end
}
