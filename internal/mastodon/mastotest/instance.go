package mastotest

import (
	"encoding/xml"
	"net/http"
	"strings"
)

func (s *Server) statusCount() int {
	n := 0
	for _, a := range s.locals {
		n += len(a.statuses)
	}
	return n
}

func (s *Server) configuration() map[string]any {
	ic := s.opts.Instance
	return map[string]any{
		"urls":     map[string]any{"streaming": strings.Replace(s.base, "http", "ws", 1)},
		"accounts": map[string]any{"max_featured_tags": ic.MaxFeaturedTags, "max_pinned_statuses": 5, "max_profile_fields": ic.MaxProfileFields},
		"statuses": map[string]any{
			"max_characters": ic.MaxCharacters, "max_media_attachments": ic.MaxMediaAttachments,
			"characters_reserved_per_url": ic.CharactersReservedPerURL,
		},
		"media_attachments": map[string]any{
			"supported_mime_types": ic.SupportedMIMETypes, "description_limit": ic.DescriptionLimit,
			"image_size_limit": ic.ImageSizeLimit, "image_matrix_limit": 33177600,
			"video_size_limit": ic.VideoSizeLimit, "video_frame_rate_limit": 120, "video_matrix_limit": 8294400,
		},
		"polls": map[string]any{
			"max_options": 4, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746,
		},
		"translation": map[string]any{"enabled": false},
	}
}

func (s *Server) instanceV1(c *call) {
	writeJSON(c.w, 200, map[string]any{
		"uri": s.opts.Domain, "title": "mastotest", "short_description": "", "description": "",
		"email": "admin@" + s.opts.Domain, "version": s.opts.Version,
		"urls":      map[string]any{"streaming_api": strings.Replace(s.base, "http", "ws", 1)},
		"stats":     map[string]any{"user_count": len(s.locals), "status_count": s.statusCount(), "domain_count": 1},
		"thumbnail": nil, "languages": []string{"en"}, "registrations": false, "approval_required": false,
		"invites_enabled": false, "configuration": s.configuration(), "contact_account": nil, "rules": []any{},
	})
}

func (s *Server) instanceV2(c *call) {
	body := map[string]any{
		"domain": s.opts.Domain, "title": "mastotest", "version": s.opts.Version,
		"source_url":  "https://github.com/mastodon/mastodon",
		"description": "", "usage": map[string]any{"users": map[string]any{"active_month": len(s.locals)}},
		"thumbnail": map[string]any{"url": s.base + "/thumbnail.png"}, "languages": []string{"en"},
		"configuration": s.configuration(),
		"registrations": map[string]any{"enabled": false, "approval_required": false, "message": nil},
		"contact":       map[string]any{"email": "admin@" + s.opts.Domain, "account": nil},
		"rules":         []any{},
	}
	if s.opts.gts() {
		body["source_url"] = "https://codeberg.org/superseriousbusiness/gotosocial"
	} else {
		body["api_versions"] = map[string]int{"mastodon": s.opts.APIVersion}
	}
	writeJSON(c.w, 200, body)
}

func (s *Server) nodeinfoIndex(c *call) {
	writeJSON(c.w, 200, map[string]any{"links": []map[string]string{{
		"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": s.base + "/nodeinfo/2.0",
	}}})
}

func (s *Server) nodeinfo(c *call) {
	c.w.Header().Set("Content-Type", `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"`)
	c.w.WriteHeader(200)
	writeBody(c.w, map[string]any{
		"version":           "2.0",
		"software":          map[string]string{"name": s.opts.Software, "version": s.opts.Version},
		"protocols":         []string{"activitypub"},
		"services":          map[string]any{"outbound": []any{}, "inbound": []any{}},
		"usage":             map[string]any{"users": map[string]int{"total": len(s.locals), "activeMonth": len(s.locals), "activeHalfyear": len(s.locals)}, "localPosts": s.statusCount()},
		"openRegistrations": false,
		"metadata":          map[string]any{"nodeName": "mastotest"},
	})
}

// localByResource resolves a WebFinger resource: acct:user@domain (our
// domain only) or the actor / profile URL.
func (s *Server) localByResource(res string) *account {
	if acct, ok := strings.CutPrefix(res, "acct:"); ok {
		user, domain, found := strings.Cut(strings.TrimPrefix(acct, "@"), "@")
		if !found || !strings.EqualFold(domain, s.opts.Domain) {
			return nil
		}
		if a := s.byAcct[strings.ToLower(user)]; a != nil && a.local() {
			return a
		}
		return nil
	}
	for _, prefix := range []string{s.base + "/users/", s.base + "/@"} {
		if name, ok := strings.CutPrefix(res, prefix); ok {
			if a := s.byAcct[strings.ToLower(name)]; a != nil && a.local() {
				return a
			}
		}
	}
	return nil
}

func (s *Server) webfinger(c *call) {
	res := c.p.get("resource")
	if res == "" {
		s.fail(c, http.StatusBadRequest, "resource parameter is required")
		return
	}
	a := s.localByResource(res)
	if a == nil {
		s.notFound(c)
		return
	}
	actor := s.base + "/users/" + a.username
	c.w.Header().Set("Content-Type", "application/jrd+json; charset=utf-8")
	c.w.Header().Set("Access-Control-Allow-Origin", "*")
	c.w.WriteHeader(200)
	writeBody(c.w, map[string]any{
		"subject": "acct:" + a.username + "@" + s.opts.Domain,
		"aliases": []string{a.url, actor},
		"links": []map[string]string{
			{"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": a.url},
			{"rel": "self", "type": "application/activity+json", "href": actor},
			{"rel": "http://ostatus.org/schema/1.0/subscribe", "template": s.base + "/authorize_interaction?uri={uri}"},
		},
	})
}

func (s *Server) hostMeta(c *call) {
	type link struct {
		Rel      string `xml:"rel,attr"`
		Template string `xml:"template,attr"`
	}
	type xrd struct {
		XMLName xml.Name `xml:"http://docs.oasis-open.org/ns/xri/xrd-1.0 XRD"`
		Link    link     `xml:"Link"`
	}
	out, _ := xml.Marshal(xrd{Link: link{Rel: "lrdd", Template: s.base + "/.well-known/webfinger?resource={uri}"}})
	c.w.Header().Set("Content-Type", "application/xrd+xml; charset=utf-8")
	c.w.WriteHeader(200)
	_, _ = c.w.Write(append([]byte(xml.Header), out...))
}

func wantsActivityJSON(r *http.Request) bool {
	acc := r.Header.Get("Accept")
	return strings.Contains(acc, "application/activity+json") || strings.Contains(acc, "application/ld+json")
}

// actor serves the ActivityPub actor of a local account, or a small HTML
// profile with rel="me" links for browsers and link-back checks.
func (s *Server) actor(c *call) {
	a := s.byAcct[strings.ToLower(c.r.PathValue("name"))]
	if a == nil || !a.local() {
		s.notFound(c)
		return
	}
	id := s.base + "/users/" + a.username
	if !wantsActivityJSON(c.r) {
		var b strings.Builder
		b.WriteString("<h1>" + htmlEscape(a.displayName) + "</h1><div class=\"note\">" + noteHTML(a.note) + "</div><dl>")
		for _, f := range a.fields {
			b.WriteString("<dt>" + htmlEscape(f.Name) + "</dt><dd>" + f.Value + "</dd>")
		}
		b.WriteString("</dl>")
		writeHTML(c.w, 200, "@"+htmlEscape(a.username), b.String())
		return
	}
	attachments := []map[string]string{}
	for _, f := range a.fields {
		attachments = append(attachments, map[string]string{"type": "PropertyValue", "name": f.Name, "value": f.Value})
	}
	body := map[string]any{
		"@context":                  []any{"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"},
		"id":                        id,
		"type":                      "Person",
		"preferredUsername":         a.username,
		"name":                      a.displayName,
		"summary":                   noteHTML(a.note),
		"url":                       a.url,
		"inbox":                     id + "/inbox",
		"outbox":                    id + "/outbox",
		"followers":                 id + "/followers",
		"following":                 id + "/following",
		"manuallyApprovesFollowers": a.locked,
		"attachment":                attachments,
		"endpoints":                 map[string]string{"sharedInbox": s.base + "/inbox"},
	}
	if a.movedTo != "" {
		if m := s.findAcct(a.movedTo); m != nil && m.local() {
			body["movedTo"] = s.base + "/users/" + m.username
		} else if user, domain, ok := strings.Cut(a.movedTo, "@"); ok {
			body["movedTo"] = "https://" + domain + "/users/" + user
		}
	}
	c.w.Header().Set("Content-Type", "application/activity+json; charset=utf-8")
	c.w.WriteHeader(200)
	writeBody(c.w, body)
}
