package matcher

import (
	"slices"
	"strings"
	"testing"
)

func acceptedHandles(p *Profile) []string {
	var hs []string
	for _, c := range Accepted(Extract(p)) {
		hs = append(hs, c.Handle)
	}
	slices.Sort(hs)
	return hs
}

func TestExtractBio(t *testing.T) {
	tests := []struct {
		name string
		bio  string
		want []string
	}{
		{"acct", "Hi! @alice@mastodon.social", []string{"@alice@mastodon.social"}},
		{"acct at start", "@alice@example.net is where I post", []string{"@alice@example.net"}},
		{"acct sentence end", "Find me at @alice@hachyderm.io.", []string{"@alice@hachyderm.io"}},
		{"acct closing quote and dash", "“@alice@mas.to”—or not", []string{"@alice@mas.to"}},
		{"acct possessive", "@alice@mas.to's other account", []string{"@alice@mas.to"}},
		{"acct glued to colon", "Mastodon:@alice@mas.to", []string{"@alice@mas.to"}},
		{"acct glued to CJK", "マストドン@alice@mstdn.jpです", []string{"@alice@mstdn.jp"}},
		{"acct three labels", "@bob@social.coop.example.org", []string{"@bob@social.coop.example.org"}},
		{"dotted user", "@first.last@mastodon.online", []string{"@first.last@mastodon.online"}},
		{"upper-case domain", "@Alice@Mastodon.Social", []string{"@Alice@mastodon.social"}},
		{"acct uri", "acct:alice@fosstodon.org", []string{"@alice@fosstodon.org"}},
		{"bare on known instance", "alice@mastodon.social", []string{"@alice@mastodon.social"}},
		{"bare with cue", "🐘 me@alice.dev", []string{"@me@alice.dev"}},
		{"bare without cue", "me@alice.dev", nil},
		{"bare in email context", "Mastodon fan. Email: alice@mastodon.social", nil},
		{"email provider", "alice@gmail.com mastodon", nil},
		{"mailto", "mailto:alice@mastodon.social", nil},
		{"git remote", "git@github.com:alice/repo.git", nil},
		{"package version", "react@18.2.0 and @types/node@20.1.0", nil},
		{"scoped package", "@scope/pkg@1.2.3", nil},
		{"matrix", "@alice:matrix.org", nil},
		{"preceded by word char", "foo@alice@mastodon.social", nil},
		{"ellipsis after handle", "@alice@mas.to…", []string{"@alice@mas.to"}},
		{"prose at with cue", "Engineer at hachyderm.io, mastodon admin", nil},
		{"non-federating", "@alice@counter.social", nil},
		{"truth social", "@alice@truthsocial.com", nil},
		{"bluesky", "@alice.bsky.social and @alice@bsky.social", nil},
		{"bluesky bridge", "@alice.bsky.social@bsky.brid.gy", []string{"@alice.bsky.social@bsky.brid.gy"}},
		{"credit", "pfp by @artist@mastodon.art", nil},
		{"credit and own", "me: @alice@mas.to | pfp by @artist@mastodon.art", []string{"@alice@mas.to"}},
		{"editor at", "Editor at @paper@journa.host", nil},
		{"url scheme", "https://mastodon.social/@alice", []string{"@alice@mastodon.social"}},
		{"url no scheme", "mastodon.social/@alice", []string{"@alice@mastodon.social"}},
		{"url http", "http://Mastodon.Social/@alice/", []string{"@alice@mastodon.social"}},
		{"url web", "https://fosstodon.org/web/@alice", []string{"@alice@fosstodon.org"}},
		{"url status", "mastodon.social/@alice/109876543210", []string{"@alice@mastodon.social"}},
		{"url query fragment", "https://mas.to/@alice?lang=en#top", []string{"@alice@mas.to"}},
		{"url remote view", "https://mastodon.social/@alice@example.net", []string{"@alice@example.net"}},
		{"url users", "https://toot.example.org/users/alice", []string{"@alice@toot.example.org"}},
		{"url in parens", "(mastodon.social/@alice)", []string{"@alice@mastodon.social"}},
		{"url truncated", "mastodon.social/@alic…", nil},
		{"medium", "medium.com/@alice and youtube.com/@alice", nil},
		{"threads url", "threads.net/@alice", nil},
		{"threads acct", "@alice@threads.net", []string{"@alice@threads.net"}},
		{"t.co host", "https://t.co/@abc", nil},
		{"obfuscated brackets", "alice [at] mastodon [dot] social", []string{"@alice@mastodon.social"}},
		{"obfuscated parens", "alice(at)fosstodon(.)org", []string{"@alice@fosstodon.org"}},
		{"obfuscated words", "alice at mastodon dot social", []string{"@alice@mastodon.social"}},
		{"obfuscated on", "I'm @alice on mastodon.social", []string{"@alice@mastodon.social"}},
		{"obfuscated spaces", "@alice @ mas.to", []string{"@alice@mas.to"}},
		{"obfuscated middle dot", "@alice@mastodon·social", []string{"@alice@mastodon.social"}},
		{"prose at", "Head of infra at hachyderm.io", nil},
		{"obfuscated email", "bob [at] gmail [dot] com", nil},
		{"fullwidth at", "＠alice＠mastodon．social", []string{"@alice@mastodon.social"}},
		{"math letters", "@𝗮𝗹𝗶𝗰𝗲@mastodon.social", []string{"@alice@mastodon.social"}},
		{"zero width", "@ali\u200bce@mas\u200d.to", []string{"@alice@mas.to"}},
		{"bidi", "\u202e@alice@mas.to\u202c", []string{"@alice@mas.to"}},
		{"two handles", "@a@mas.to and @b@mastodon.social", []string{"@a@mas.to", "@b@mastodon.social"}},
		{"domain .https", "@alice@mastodon.social.https", nil},
		{"ip address", "@alice@127.0.0.1", nil},
		{"lemmy", "lemmy.world/u/alice", []string{"@alice@lemmy.world"}},
		{"lemmy remote", "https://lemmy.world/u/alice@beehaw.org", []string{"@alice@beehaw.org"}},
		{"reddit", "reddit.com/u/alice", nil},
		{"peertube", "https://peertube.example.org/a/alice", []string{"@alice@peertube.example.org"}},
		{"pixelfed", "pixelfed.social/alice", []string{"@alice@pixelfed.social"}},
		{"pixelfed reserved", "pixelfed.social/discover", nil},
		{"bridgy web", "https://fed.brid.gy/web/example.com", []string{"@example.com@web.brid.gy"}},
		{"empty", "", nil},
		{"only ats", strings.Repeat("@", 100), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := acceptedHandles(&Profile{ScreenName: "someone", Description: tt.bio})
			if !slices.Equal(got, tt.want) {
				t.Errorf("bio %q:\n got %q\nwant %q\nall: %+v", tt.bio, got, tt.want, Extract(&Profile{Description: tt.bio}))
			}
		})
	}
}
