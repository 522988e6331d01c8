package mastotest

import (
	"slices"
	"strings"
)

type list struct {
	id, title     string
	repliesPolicy string
	exclusive     bool
	owner         *account
	members       []*mark // in insertion (id) order
}

type listJSON struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	RepliesPolicy string `json:"replies_policy"`
	Exclusive     bool   `json:"exclusive"`
}

func (l *list) json() listJSON {
	return listJSON{ID: l.id, Title: l.title, RepliesPolicy: l.repliesPolicy, Exclusive: l.exclusive}
}

func (s *Server) ownLists(a *account) []*list {
	var out []*list
	for _, l := range s.lists {
		if l.owner == a {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(x, y *list) int { return cmpID(x.id, y.id) })
	return out
}

func (s *Server) getLists(c *call) {
	out := []listJSON{}
	for _, l := range s.ownLists(c.user) {
		out = append(out, l.json())
	}
	writeJSON(c.w, 200, out)
}

func (s *Server) createList(c *call) {
	title := strings.TrimSpace(c.p.get("title"))
	if title == "" {
		s.invalid(c, "Title can't be blank")
		return
	}
	policy := c.p.get("replies_policy")
	if policy == "" {
		policy = "list"
	}
	if !slices.Contains([]string{"followed", "list", "none"}, policy) {
		s.unprocessable(c, "'"+policy+"' is not a valid replies_policy")
		return
	}
	l := &list{id: s.ids.next(s.now()), title: title, repliesPolicy: policy, exclusive: c.p.boolean("exclusive", false), owner: c.user}
	s.lists[l.id] = l
	writeJSON(c.w, 200, l.json())
}

// ownList resolves :id to one of the caller's lists, answering 404 itself.
func (s *Server) ownList(c *call) *list {
	l := s.lists[c.r.PathValue("id")]
	if l == nil || l.owner != c.user {
		s.notFound(c)
		return nil
	}
	return l
}

func (s *Server) listAccounts(c *call) {
	l := s.ownList(c)
	if l == nil {
		return
	}
	if c.p.get("limit") == "0" {
		// limit=0 returns every member without paging.
		out := make([]*accountJSON, 0, len(l.members))
		for _, m := range l.members {
			out = append(out, s.renderAccount(m.target))
		}
		writeJSON(c.w, 200, out)
		return
	}
	s.writeMarks(c, l.members)
}

// addListAccounts adds all accounts or none: each must be followed (on
// Mastodon a pending request is enough, on GoToSocial it is not) and not
// already a member.
func (s *Server) addListAccounts(c *call) {
	l := s.ownList(c)
	if l == nil {
		return
	}
	var add []*account
	for _, id := range c.p.all("account_ids") {
		a := s.accounts[id]
		if a == nil || !a.known {
			s.notFound(c)
			return
		}
		f := c.user.follows[a.id]
		if f == nil || f.requested && s.opts.gts() {
			if s.opts.gts() {
				s.fail(c, 404, "account "+a.id+" not currently followed")
			} else {
				s.notFound(c)
			}
			return
		}
		if slices.ContainsFunc(l.members, func(m *mark) bool { return m.target == a }) || slices.Contains(add, a) {
			s.invalid(c, "Account has already been taken")
			return
		}
		add = append(add, a)
	}
	for _, a := range add {
		l.members = append(l.members, &mark{id: s.ids.next(s.now()), target: a})
	}
	writeJSON(c.w, 200, map[string]any{})
}

func (s *Server) removeListAccounts(c *call) {
	l := s.ownList(c)
	if l == nil {
		return
	}
	ids := c.p.all("account_ids")
	l.members = slices.DeleteFunc(l.members, func(m *mark) bool { return slices.Contains(ids, m.target.id) })
	writeJSON(c.w, 200, map[string]any{})
}
