package archive

import (
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// edit replaces the code points [start, end) of a text, which should read
// old, with repl.
type edit struct {
	start, end int
	old, repl  string
}

// applyEdits applies index-based edits to s. Indices count code points of
// the text as stored (docs §6.4). An edit whose indices do not frame the
// expected text falls back to searching for that text after the previous
// edit; if that fails too, the edit is dropped rather than garbling the text.
func applyEdits(s string, edits []edit) string {
	if len(edits) == 0 {
		return s
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	// Map every needed code-point index to a byte offset in one walk.
	points := make([]int, 0, 2*len(edits))
	for _, e := range edits {
		points = append(points, e.start, e.end)
	}
	sort.Ints(points)
	offsets := make(map[int]int, len(points))
	cp, pi := 0, 0
	for bi := range s {
		for pi < len(points) && points[pi] == cp {
			offsets[cp] = bi
			pi++
		}
		cp++
	}
	for pi < len(points) && points[pi] == cp {
		offsets[cp] = len(s)
		pi++
	}

	var b strings.Builder
	b.Grow(len(s) + 64)
	pos := 0 // bytes of s already written
	for _, e := range edits {
		bs, okS := offsets[e.start]
		be, okE := offsets[e.end]
		if !okS || !okE || e.start < 0 || e.end < e.start || bs < pos || s[bs:be] != e.old {
			if e.old == "" {
				continue
			}
			i := strings.Index(s[pos:], e.old)
			if i < 0 {
				continue
			}
			bs, be = pos+i, pos+i+len(e.old)
		}
		if e.repl == "" && bs > pos && s[bs-1] == ' ' && (be == len(s) || s[be] == ' ' || s[be] == '\n') {
			bs-- // removing a link: do not leave its space behind
		}
		b.WriteString(s[pos:bs])
		b.WriteString(e.repl)
		pos = be
	}
	b.WriteString(s[pos:])
	return b.String()
}

// unescapeHTML undoes only the three escapes archives use; other & are
// literal (tweets from before 2012 contain raw &, docs §6.3). One pass, so
// "&amp;lt;" becomes "&lt;", not "<".
func unescapeHTML(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i >= 0 {
		b = append(b, s[:i]...)
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "&amp;"):
			b, s = append(b, '&'), s[5:]
		case strings.HasPrefix(s, "&lt;"):
			b, s = append(b, '<'), s[4:]
		case strings.HasPrefix(s, "&gt;"):
			b, s = append(b, '>'), s[4:]
		default:
			b, s = append(b, '&'), s[1:]
		}
		i = strings.IndexByte(s, '&')
	}
	return string(append(b, s...))
}

// isStatusURL reports whether u links to a tweet: http(s)://twitter.com or
// x.com (also www. and mobile.), path /<name>/status/<digits> or
// /i/web/status/<digits> (the form like.js and shared links use), anything
// may follow.
func isStatusURL(u string) bool {
	if !strings.Contains(u, "/status") {
		return false
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") {
		return false
	}
	host := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(p.Hostname()), "www."), "mobile.")
	if host != "twitter.com" && host != "x.com" {
		return false
	}
	seg := strings.Split(strings.TrimPrefix(p.Path, "/"), "/")
	if len(seg) >= 4 && seg[0] == "i" && seg[1] == "web" && seg[2] == "status" {
		return isDigits(seg[3])
	}
	return len(seg) >= 3 && seg[0] != "" && (seg[1] == "status" || seg[1] == "statuses") && isDigits(seg[2])
}

// stripLeadingMentions removes the "@a @b " reply prefix of a tweet text.
func stripLeadingMentions(s string) (prefix, rest string) {
	i := 0
	for i < len(s) && s[i] == '@' {
		j := i + 1
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !(r == '_' || r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')) {
				break
			}
			j += n
		}
		if j == i+1 {
			break
		}
		k := j
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k == j && k < len(s) {
			break // "@name," is text, not a reply prefix
		}
		i = k
	}
	return s[:i], s[i:]
}

// baseName returns the last path element of a URL without its query.
func baseName(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if i := strings.LastIndexByte(u, '/'); i >= 0 {
		u = u[i+1:]
	}
	return u
}
