package directory

import (
	"net/url"
	"strings"
)

// ProfileURL is the member's profile page, https://<domain>/@<user>: the
// path Mastodon, GoToSocial, Misskey and their forks serve, and where a
// reader without a script can press Follow. Built with net/url, so a
// strange user name is escaped rather than trusted.
func (m Member) ProfileURL() string {
	u := url.URL{Scheme: "https", Host: m.Domain, Path: "/@" + m.User}
	return u.String()
}

// FollowURL is the page on the reader's own server that offers to follow
// handle (Mastodon's authorize_interaction, which resolves a user@domain
// uri over WebFinger). server is a host name, optionally with a port.
func FollowURL(server, handle string) string {
	u := url.URL{Scheme: "https", Host: strings.ToLower(strings.TrimSpace(server)), Path: "/authorize_interaction",
		RawQuery: "uri=" + url.QueryEscape(strings.TrimPrefix(handle, "@"))}
	return u.String()
}
