package mastotest

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// paginate applies Mastodon's paginate_by_id to items sorted by ascending
// id: max_id and since_id give the newest matching items, min_id the
// oldest ones after it; the page is always returned newest first.
// Mastodon's ids are numbers and a bound that is not one is ignored; with
// lex (GoToSocial) ids compare as strings and any non-empty bound counts.
func paginate[T any](items []T, id func(T) string, p *params, limit int, lex bool) []T {
	maxB, hasMax := bound(p.get("max_id"), lex)
	sinceB, hasSince := bound(p.get("since_id"), lex)
	minB, hasMin := bound(p.get("min_id"), lex)
	var sel []T
	for _, it := range items {
		v := id(it)
		if hasMax && cmpBound(v, maxB, lex) >= 0 || hasSince && cmpBound(v, sinceB, lex) <= 0 || hasMin && cmpBound(v, minB, lex) <= 0 {
			continue
		}
		sel = append(sel, it)
	}
	if hasMin {
		sel = sel[:min(limit, len(sel))]
	} else {
		sel = sel[len(sel)-min(limit, len(sel)):]
	}
	out := slices.Clone(sel)
	slices.Reverse(out)
	return out
}

// bound reads a paging parameter; ok is false when it does not apply.
func bound(v string, lex bool) (string, bool) {
	if lex {
		return v, v != ""
	}
	_, ok := parseID(v)
	return v, ok
}

func cmpBound(id, b string, lex bool) int {
	if lex {
		return strings.Compare(id, b)
	}
	return cmpID(id, b)
}

// setLink writes the Link header: rel="next" (older, max_id) only when the
// page is full, rel="prev" (newer, min_id) whenever the page is not empty.
func (s *Server) setLink(c *call, firstID, lastID string, n, limit int, keep ...string) {
	if n == 0 {
		return
	}
	mk := func(k, v string) string {
		q := url.Values{}
		q.Set("limit", strconv.Itoa(limit))
		for _, name := range keep {
			if c.p.has(name) {
				q.Set(name, c.p.get(name))
			}
		}
		q.Set(k, v)
		return s.base + c.r.URL.Path + "?" + q.Encode()
	}
	var links string
	if n >= limit {
		links = "<" + mk("max_id", lastID) + `>; rel="next", `
	}
	links += "<" + mk("min_id", firstID) + `>; rel="prev"`
	c.w.Header().Set("Link", links)
}
