package mastotest

import (
	"slices"
	"strconv"
)

type follow struct {
	id        string
	target    *account
	requested bool
	reblogs   bool
	notify    bool
	languages []string
}

type relationshipJSON struct {
	ID                  string   `json:"id"`
	Following           bool     `json:"following"`
	ShowingReblogs      bool     `json:"showing_reblogs"`
	Notifying           bool     `json:"notifying"`
	Languages           []string `json:"languages"`
	FollowedBy          bool     `json:"followed_by"`
	Blocking            bool     `json:"blocking"`
	BlockedBy           bool     `json:"blocked_by"`
	Muting              bool     `json:"muting"`
	MutingNotifications bool     `json:"muting_notifications"`
	Requested           bool     `json:"requested"`
	RequestedBy         bool     `json:"requested_by"`
	DomainBlocking      bool     `json:"domain_blocking"`
	Endorsed            bool     `json:"endorsed"`
	Note                string   `json:"note"`
}

func (s *Server) relationship(from, to *account) relationshipJSON {
	r := relationshipJSON{ID: to.id, Languages: nil}
	if f := from.follows[to.id]; f != nil {
		r.Following, r.Requested = !f.requested, f.requested
		r.ShowingReblogs, r.Notifying, r.Languages = f.reblogs && !f.requested, f.notify, f.languages
	}
	if to.local() {
		if f := to.follows[from.id]; f != nil {
			r.FollowedBy, r.RequestedBy = !f.requested, f.requested
		}
		r.BlockedBy = to.blocks[from.id] != nil
	}
	r.Blocking = from.blocks[to.id] != nil
	if m := from.mutes[to.id]; m != nil {
		r.Muting, r.MutingNotifications = true, m.notifications
	}
	return r
}

func (s *Server) relationships(c *call) {
	out := []relationshipJSON{}
	for _, id := range c.p.all("id") {
		if a := s.accounts[id]; a != nil && a.known {
			out = append(out, s.relationship(c.user, a))
		}
	}
	writeJSON(c.w, 200, out)
}

// target resolves the :id of an account action; it answers 404 itself.
func (s *Server) target(c *call) *account {
	a := s.accounts[c.r.PathValue("id")]
	if a == nil || !a.known {
		s.notFound(c)
		return nil
	}
	return a
}

// followCap is FollowLimitValidator: 7 500, or followers × 1.1 once past it.
func (s *Server) followCap(a *account) int {
	limit := s.opts.FollowCap
	if s.followingCount(a) >= limit {
		limit = max(int(float64(s.followersCount(a))*s.opts.FollowRatio), limit)
	}
	return limit
}

func (s *Server) follow(c *call) {
	t := s.target(c)
	if t == nil {
		return
	}
	u := c.user
	if t == u {
		s.notFound(c)
		return
	}
	if u.blocks[t.id] != nil || t.local() && t.blocks[u.id] != nil || t.movedTo != "" && !s.opts.gts() {
		s.forbidden(c)
		return
	}
	reblogs, notify := c.p.boolean("reblogs", true), c.p.boolean("notify", false)
	var langs []string
	if !s.opts.gts() {
		langs = c.p.all("languages")
	}
	if f := u.follows[t.id]; f != nil {
		// A repeat POST updates the options and counts nothing.
		f.reblogs, f.notify, f.languages = reblogs, notify, langs
		writeJSON(c.w, 200, s.relationship(u, t))
		return
	}
	if !s.familyCheck(c, "follows", s.opts.Limits.Follows) {
		return
	}
	if !s.opts.gts() {
		if limit := s.followCap(u); s.followingCount(u) >= limit {
			s.invalid(c, "You can't follow more than "+strconv.Itoa(limit)+" people")
			return
		}
	}
	requested := t.locked || t.manual || t.movedTo != ""
	u.follows[t.id] = &follow{id: s.ids.next(s.now()), target: t, requested: requested, reblogs: reblogs, notify: notify, languages: langs}
	s.familyRecord(c, "follows", s.opts.Limits.Follows)
	writeJSON(c.w, 200, s.relationship(u, t))
}

// dropFollow removes a follow and the list memberships that depend on it.
func (s *Server) dropFollow(from, to *account) {
	if from.follows[to.id] == nil {
		return
	}
	delete(from.follows, to.id)
	for _, l := range s.lists {
		if l.owner == from {
			l.members = slices.DeleteFunc(l.members, func(m *mark) bool { return m.target == to })
		}
	}
}

func (s *Server) unfollow(c *call) {
	t := s.target(c)
	if t == nil {
		return
	}
	s.dropFollow(c.user, t)
	writeJSON(c.w, 200, s.relationship(c.user, t))
}

func (s *Server) block(c *call) {
	t := s.target(c)
	if t == nil {
		return
	}
	if t == c.user {
		s.notFound(c)
		return
	}
	if c.user.blocks[t.id] == nil {
		c.user.blocks[t.id] = &mark{id: s.ids.next(s.now()), target: t}
	}
	s.dropFollow(c.user, t)
	if t.local() {
		s.dropFollow(t, c.user)
	}
	writeJSON(c.w, 200, s.relationship(c.user, t))
}

func (s *Server) unblock(c *call) {
	if t := s.target(c); t != nil {
		delete(c.user.blocks, t.id)
		writeJSON(c.w, 200, s.relationship(c.user, t))
	}
}

func (s *Server) mute(c *call) {
	t := s.target(c)
	if t == nil {
		return
	}
	if t == c.user {
		s.notFound(c)
		return
	}
	notif := c.p.boolean("notifications", true)
	if m := c.user.mutes[t.id]; m != nil {
		m.notifications = notif
	} else {
		c.user.mutes[t.id] = &mark{id: s.ids.next(s.now()), target: t, notifications: notif}
	}
	writeJSON(c.w, 200, s.relationship(c.user, t))
}

func (s *Server) unmute(c *call) {
	if t := s.target(c); t != nil {
		delete(c.user.mutes, t.id)
		writeJSON(c.w, 200, s.relationship(c.user, t))
	}
}

func sortedMarks(m map[string]*mark) []*mark {
	out := make([]*mark, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *mark) int { return cmpID(a.id, b.id) })
	return out
}

func (s *Server) writeMarks(c *call, marks []*mark) {
	limit := intParam(c.p.get("limit"), 40, 80)
	page := paginate(marks, func(m *mark) string { return m.id }, c.p, limit, false)
	out := make([]*accountJSON, 0, len(page))
	for _, m := range page {
		out = append(out, s.renderAccount(m.target))
	}
	if len(page) > 0 {
		s.setLink(c, page[0].id, page[len(page)-1].id, len(page), limit)
	}
	writeJSON(c.w, 200, out)
}

func (s *Server) listBlocks(c *call) { s.writeMarks(c, sortedMarks(c.user.blocks)) }
func (s *Server) listMutes(c *call)  { s.writeMarks(c, sortedMarks(c.user.mutes)) }

// listFollowing pages the account's accepted follows by follow id, as
// Mastodon does (the Link ids are follow ids, not account ids).
func (s *Server) listFollowing(c *call) {
	a := s.target(c)
	if a == nil {
		return
	}
	var marks []*mark
	for _, f := range a.follows {
		if !f.requested {
			marks = append(marks, &mark{id: f.id, target: f.target})
		}
	}
	slices.SortFunc(marks, func(x, y *mark) int { return cmpID(x.id, y.id) })
	s.writeMarks(c, marks)
}

func (s *Server) listFollowers(c *call) {
	a := s.target(c)
	if a == nil {
		return
	}
	var marks []*mark
	for _, l := range s.locals {
		if f := l.follows[a.id]; f != nil && !f.requested {
			marks = append(marks, &mark{id: f.id, target: l})
		}
	}
	slices.SortFunc(marks, func(x, y *mark) int { return cmpID(x.id, y.id) })
	s.writeMarks(c, marks)
}
