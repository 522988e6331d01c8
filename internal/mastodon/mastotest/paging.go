package mastotest

import (
	"net/url"
	"slices"
	"strconv"
)

// paginate applies Mastodon's paginate_by_id to items sorted by ascending
// id: max_id and since_id give the newest matching items, min_id the
// oldest ones after it; the page is always returned newest first.
func paginate[T any](items []T, id func(T) uint64, p *params, limit int) []T {
	maxID, hasMax := parseID(p.get("max_id"))
	sinceID, hasSince := parseID(p.get("since_id"))
	minID, hasMin := parseID(p.get("min_id"))
	var sel []T
	for _, it := range items {
		v := id(it)
		if hasMax && v >= maxID || hasSince && v <= sinceID || hasMin && v <= minID {
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
