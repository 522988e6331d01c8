package matcher

import (
	"strings"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/matcher/profiles"
	"golang.org/x/text/unicode/norm"
)

// Normalize prepares profile text for scanning. It folds compatibility
// characters with NFKC, so a fullwidth "＠" becomes "@" and mathematical
// letters (𝗮𝗹𝗶𝗰𝗲) become plain ones, and it drops zero-width and bidi
// control characters, which people (and spam filters) insert to break
// handles apart. Pure ASCII text, the common case, is returned unchanged
// without allocating. The ellipsis "…" is kept as it is.
func Normalize(s string) string {
	if isASCII(s) {
		return s
	}
	if strings.Contains(s, ellipsis) {
		// NFKC turns "…" into "...", but "…" is how Twitter marks a
		// truncated display URL, and the scanners must still see it.
		parts := strings.Split(s, ellipsis)
		for i, p := range parts {
			parts[i] = Normalize(p)
		}
		return strings.Join(parts, ellipsis)
	}
	if !strings.ContainsFunc(s, isInvisible) {
		return norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !isInvisible(r) {
			b.WriteRune(r)
		}
	}
	// Invisible characters are removed before NFKC so that a combining
	// sequence split by one still composes.
	return norm.NFKC.String(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isInvisible reports the format characters that carry no visible text:
// zero-width space/joiners, word joiner, BOM, soft hyphen, Mongolian vowel
// separator, and every bidi embedding, override and isolate control.
func isInvisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x180E, r == 0xFEFF, r == 0x034F:
		return true
	case r >= 0x200B && r <= 0x200F: // ZWSP, ZWNJ, ZWJ, LRM, RLM
		return true
	case r >= 0x202A && r <= 0x202E: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2060 && r <= 0x2064: // word joiner, invisible operators
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r == 0x061C: // Arabic letter mark
		return true
	}
	return false
}

// expandEntities replaces every t.co span of text by its expanded URL, so
// the scanner sees the real link and never a truncated display URL. Twitter
// gives code-point indices; when they are missing or do not point at the
// t.co URL (text edited, HTML entities counted differently) the URL string
// itself is searched for instead.
func expandEntities(text string, ents []profiles.URLEntity) string {
	if len(ents) == 0 || text == "" {
		return text
	}
	if out, ok := expandByIndex(text, ents); ok {
		return out
	}
	for _, e := range ents {
		if e.URL == "" || e.ExpandedURL == "" {
			continue
		}
		// Pad with spaces so an expansion never glues onto its neighbours.
		text = strings.ReplaceAll(text, e.URL, " "+e.ExpandedURL+" ")
	}
	return text
}

// expandByIndex substitutes spans by their code-point indices. It reports
// false, changing nothing, unless every entity has indices that select
// exactly its t.co URL and the spans do not overlap.
func expandByIndex(text string, ents []profiles.URLEntity) (string, bool) {
	// Byte offset of each code point, plus one past the end.
	offs := make([]int, 0, len(text)+1)
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	n := len(offs) - 1

	order := make([]int, len(ents))
	for i := range order {
		order[i] = i
	}
	// Insertion sort by start: entity lists are tiny.
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && ents[order[j]].Start < ents[order[j-1]].Start; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	var b strings.Builder
	last := 0
	for _, k := range order {
		e := ents[k]
		if e.End <= e.Start || e.Start < 0 || e.End > n || e.URL == "" {
			return "", false
		}
		start, end := offs[e.Start], offs[e.End]
		if start < last || text[start:end] != e.URL {
			return "", false
		}
		b.WriteString(text[last:start])
		if e.ExpandedURL != "" {
			b.WriteString(" " + e.ExpandedURL + " ")
		} else {
			b.WriteString(e.URL)
		}
		last = end
	}
	b.WriteString(text[last:])
	return b.String(), true
}
