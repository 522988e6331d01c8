package mastotest

import (
	"net"
	"regexp"
	"strings"
)

var (
	mediaPostRE = regexp.MustCompile(`^/api/v\d+/media/?$`)
	deleteRE    = regexp.MustCompile(`^/api/v1/statuses/[^/]+(/unreblog)?$`)
)

// throttle counts the request against every matching rack-level rule,
// stopping at the first one exceeded (Rack::Attack order). Must be called
// with s.mu held.
func (s *Server) throttle(c *call) (bool, rlState) {
	now := s.now()
	ip := clientIP(c.r.RemoteAddr)
	if s.opts.gts() {
		// GoToSocial: one limiter per IP and route group; loopback is not
		// exempt.
		if !s.opts.Limits.API.enabled() {
			return false, rlState{}
		}
		st := s.lim.hitRolling("gts:"+routeGroup(c.r.URL.Path)+"|"+ip, s.opts.Limits.API, now)
		c.rack = append(c.rack, st)
		return st.exceeded, st
	}
	if !c.api {
		return false, rlState{}
	}
	type rule struct {
		name, subject string
		lim           Limit
		match         bool
	}
	user, tok := "", ""
	if c.user != nil {
		user = c.user.id
	}
	if c.tok != nil {
		tok = c.tok.value
	}
	q := c.r.URL.Query()
	paging := q.Has("page") || q.Has("min_id") || q.Has("max_id") || q.Has("since_id")
	pagingSubject := user
	if pagingSubject == "" {
		pagingSubject = "ip:" + ip
	}
	l := s.opts.Limits
	rules := []rule{
		{"authenticated_api", user, l.User, user != ""},
		{"per_token_api", tok, l.API, tok != ""},
		{"unauthenticated_api", ip, l.Unauthenticated, user == ""},
		{"api_media", user, l.Media, user != "" && c.r.Method == "POST" && mediaPostRE.MatchString(c.r.URL.Path)},
		{"paging", pagingSubject, l.Paging, paging},
		{"api_delete", user, l.Deletes, user != "" && deleteRE.MatchString(c.r.URL.Path) &&
			(c.r.Method == "DELETE" || strings.HasSuffix(c.r.URL.Path, "/unreblog") && c.r.Method == "POST")},
	}
	for _, r := range rules {
		if !r.match || !r.lim.enabled() {
			continue
		}
		st := s.lim.hit(r.name, r.subject, r.lim, now)
		c.rack = append(c.rack, st)
		if st.exceeded {
			return true, st
		}
	}
	return false, rlState{}
}

// familyCheck consults an application-level family (statuses, follows)
// before an action; on refusal it answers 429 itself.
func (s *Server) familyCheck(c *call, family string, lim Limit) bool {
	if s.opts.gts() || !lim.enabled() {
		return true
	}
	st := s.lim.peek(family, c.user.id, lim, s.now())
	c.family = &st
	if st.exceeded {
		s.writeTooMany(c.w)
		return false
	}
	return true
}

// familyRecord counts one successful creation.
func (s *Server) familyRecord(c *call, family string, lim Limit) {
	if s.opts.gts() || !lim.enabled() {
		return
	}
	st := s.lim.record(family, c.user.id, lim, s.now())
	c.family = &st
}

func routeGroup(path string) string {
	switch {
	case strings.HasPrefix(path, "/api/"):
		return "client"
	case strings.HasPrefix(path, "/oauth/"), strings.HasPrefix(path, "/auth/"):
		return "auth"
	case strings.HasPrefix(path, "/.well-known/"), strings.HasPrefix(path, "/nodeinfo/"):
		return "wellknown"
	case strings.HasPrefix(path, "/fileserver/"):
		return "fileserver"
	default:
		return "s2s"
	}
}

func clientIP(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}
