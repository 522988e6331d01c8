package profile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/fledge-cli/fledge/internal/textscan"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// profileTextLen counts a bio the way the server does: with perURL > 0,
// Mastodon's note validator (grapheme clusters, every URL as perURL
// characters); otherwise code points with URLs in full (GoToSocial).
func profileTextLen(s string, perURL int) int {
	if perURL <= 0 {
		return utf8.RuneCountInString(s)
	}
	n := 0
	prev := rune(-1)
	for i := 0; i < len(s); {
		if l := textscan.URLAt(s, i, prev); l > 0 {
			n += perURL
			r, _ := utf8.DecodeLastRuneInString(s[i : i+l])
			prev = r
			i += l
			continue
		}
		// Count one grapheme cluster and move past it.
		cluster, _, _, _ := uniseg.FirstGraphemeClusterInString(s[i:], -1)
		if cluster == "" {
			break
		}
		n++
		prev, _ = utf8.DecodeLastRuneInString(cluster)
		i += len(cluster)
	}
	return n
}

// ellipsis ends a shortened bio.
const ellipsis = "…"

// truncateProfileText shortens s so that it, with an ellipsis, counts at
// most limit. It cuts at the last space when one is near the end, so a
// word or a link is not broken, and never inside a grapheme cluster.
func truncateProfileText(s string, limit, perURL int) string {
	if profileTextLen(s, perURL) <= limit {
		return s
	}
	if limit <= 1 {
		return ""
	}
	// Grapheme boundaries, longest prefix that fits.
	best := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		_, end := g.Positions()
		if profileTextLen(strings.TrimRightFunc(s[:end], unicode.IsSpace)+ellipsis, perURL) > limit {
			break
		}
		best = end
	}
	cut := s[:best]
	if sp := strings.LastIndexFunc(cut, unicode.IsSpace); sp > len(cut)/2 {
		cut = cut[:sp]
	}
	cut = strings.TrimRightFunc(cut, unicode.IsSpace)
	if cut == "" {
		return ""
	}
	return cut + ellipsis
}

// tcoExpansions maps each t.co link of the user's own Twitter profile (bio
// and URL field) to its target. Keys are the link without its scheme,
// since archives and the API disagree on http and https.
func tcoExpansions(p *profiles.Profile) map[string]string {
	out := map[string]string{}
	if p == nil {
		return out
	}
	for _, list := range [][]profiles.URLEntity{p.DescriptionURLs, p.URLURLs} {
		for _, e := range list {
			if isTCo(e.URL) && e.ExpandedURL != "" && !isTCo(e.ExpandedURL) {
				out[tcoKey(e.URL)] = e.ExpandedURL
			}
		}
	}
	return out
}

// expandTCo replaces the t.co links of text that exp knows, and returns
// the ones it does not.
func expandTCo(text string, exp map[string]string) (string, []string) {
	var b strings.Builder
	var left []string
	prev := rune(-1)
	last := 0
	for i := 0; i < len(text); {
		l := textscan.URLAt(text, i, prev)
		if l == 0 {
			r, size := utf8.DecodeRuneInString(text[i:])
			prev = r
			i += size
			continue
		}
		u := text[i : i+l]
		if isTCo(u) {
			if to, ok := exp[tcoKey(u)]; ok {
				b.WriteString(text[last:i])
				b.WriteString(to)
				last = i + l
			} else {
				left = append(left, u)
			}
		}
		prev, _ = utf8.DecodeLastRuneInString(u)
		i += l
	}
	if last == 0 {
		return text, left
	}
	b.WriteString(text[last:])
	return b.String(), left
}

// isTCo reports whether u is a t.co link (scheme optional): the host and
// a code.
func isTCo(u string) bool {
	k := tcoKey(u)
	return len(k) > len("t.co/") && strings.HasPrefix(k, "t.co/")
}

// tcoKey strips the scheme; the host is lower-cased, the path kept (t.co
// codes are case-sensitive).
func tcoKey(u string) string {
	for _, s := range []string{"https://", "http://"} {
		if textscan.HasPrefixFold(u, s) {
			u = u[len(s):]
			break
		}
	}
	host, rest, _ := strings.Cut(u, "/")
	return strings.ToLower(host) + "/" + rest
}
