package matcher

import (
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

func acceptedHandles(p *profiles.Profile) []string {
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
		{"job title at company", "SRE @ hachyderm.io", nil},
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
			got := acceptedHandles(&profiles.Profile{ScreenName: "someone", Description: tt.bio})
			if !slices.Equal(got, tt.want) {
				t.Errorf("bio %q:\n got %q\nwant %q\nall: %+v", tt.bio, got, tt.want, Extract(&profiles.Profile{Description: tt.bio}))
			}
		})
	}
}

// TestExtractScoring checks the documented scoring table on one example
// per line of it.
func TestExtractScoring(t *testing.T) {
	tests := []struct {
		name   string
		p      profiles.Profile
		handle string
		form   Form
		field  Field
		conf   float64
	}{
		{"acct, hinted host", profiles.Profile{Description: "@a@mastodon.example.org"}, "@a@mastodon.example.org", FormAcct, FieldBio, 1},
		{"acct, plain host", profiles.Profile{Description: "@a@example.org"}, "@a@example.org", FormAcct, FieldBio, 0.90},
		{"acct in location", profiles.Profile{Location: "@a@example.org"}, "@a@example.org", FormAcct, FieldLocation, 0.88},
		{"acct in name", profiles.Profile{Name: "A @a@example.org"}, "@a@example.org", FormAcct, FieldName, 0.93},
		{"acct uri", profiles.Profile{Description: "acct:a@example.org"}, "@a@example.org", FormAcctURI, FieldBio, 0.90},
		{"url", profiles.Profile{Description: "https://example.org/@a"}, "@a@example.org", FormURL, FieldBio, 0.85},
		{"url field", profiles.Profile{URL: "https://example.org/@a"}, "@a@example.org", FormURL, FieldURL, 0.90},
		{"remote view", profiles.Profile{Description: "https://example.org/@a@example.net"}, "@a@example.net", FormRemoteURL, FieldBio, 0.80},
		{"users path", profiles.Profile{Description: "https://example.org/users/a"}, "@a@example.org", FormURL, FieldBio, 0.45},
		{"users path, known host", profiles.Profile{Description: "https://mas.to/users/a"}, "@a@mas.to", FormURL, FieldBio, 0.65},
		{"generic path with software hint", profiles.Profile{Description: "https://tube.example.org/a/a"}, "@a@tube.example.org", FormURL, FieldBio, 0.60},
		{"channel: decided online", profiles.Profile{Description: "https://tube.example.org/c/a"}, "@a@tube.example.org", FormChannel, FieldBio, 0.45},
		{"video channel: decided online", profiles.Profile{Description: "https://example.org/video-channels/a"}, "@a@example.org", FormChannel, FieldBio, 0.45},
		{"bluesky handle: decided online", profiles.Profile{Description: "🦋 @a.bsky.social"}, "@a.bsky.social@bsky.brid.gy", FormBluesky, FieldBio, 0.45},
		{"threads URL: decided online", profiles.Profile{Description: "threads.net/@a"}, "@a@threads.net", FormThreads, FieldBio, 0.45},
		{"credited bluesky handle", profiles.Profile{Description: "icon by @a.bsky.social"}, "@a.bsky.social@bsky.brid.gy", FormBluesky, FieldBio, 0.35},
		{"bare", profiles.Profile{Description: "a@example.org"}, "@a@example.org", FormBare, FieldBio, 0.45},
		{"bare with cue", profiles.Profile{Description: "fedi: a@example.org"}, "@a@example.org", FormBare, FieldBio, 0.60},
		{"bare like screen name", profiles.Profile{ScreenName: "a_b", Description: "ab@example.org"}, "@ab@example.org", FormBare, FieldBio, 0.50},
		{"bare role name", profiles.Profile{Description: "info@mas.to"}, "@info@mas.to", FormBare, FieldBio, 0.45},
		{"obfuscated acct", profiles.Profile{Description: "@a [at] example.org"}, "@a@example.org", FormObfuscated, FieldBio, 0.70},
		{"obfuscated bare", profiles.Profile{Description: "a [at] example [dot] org"}, "@a@example.org", FormObfuscated, FieldBio, 0.45},
		{"prose at", profiles.Profile{Description: "a at example.org"}, "@a@example.org", FormObfuscated, FieldBio, 0.25},
		{"prose at, capped", profiles.Profile{Description: "a at mastodon.social 🐘"}, "@a@mastodon.social", FormObfuscated, FieldBio, 0.45},
		{"credit, capped", profiles.Profile{Description: "art by @a@mastodon.social 🐘"}, "@a@mastodon.social", FormAcct, FieldBio, 0.35},
		{"pinned without cue, capped", profiles.Profile{PinnedText: "@a@mastodon.social"}, "@a@mastodon.social", FormAcct, FieldPinned, 0.45},
		{"pinned with cue", profiles.Profile{PinnedText: "mastodon: @a@example.org"}, "@a@example.org", FormAcct, FieldPinned, 0.95},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands := Extract(&tt.p)
			if len(cands) != 1 {
				t.Fatalf("got %d candidates, want 1: %+v", len(cands), cands)
			}
			c := cands[0]
			if c.Handle != tt.handle || c.Form != tt.form || c.Field != tt.field || c.Confidence != tt.conf {
				t.Errorf("got %s %s %s %.2f, want %s %s %s %.2f", c.Handle, c.Form, c.Field, c.Confidence,
					tt.handle, tt.form, tt.field, tt.conf)
			}
			if !strings.Contains(c.Evidence, strings.SplitN(tt.handle[1:], "@", 2)[0]) {
				t.Errorf("evidence %q does not show the user part", c.Evidence)
			}
		})
	}
}

func TestExtractDedupAndOrder(t *testing.T) {
	p := &profiles.Profile{
		ScreenName:  "alice",
		Name:        "Alice",
		URL:         "https://t.co/short",
		URLURLs:     []profiles.URLEntity{{URL: "https://t.co/short", ExpandedURL: "https://mastodon.social/@alice"}},
		Description: "old: alice@example.org · new @ALICE@Mastodon.Social; pfp by @bob@mas.to",
		Location:    "fosstodon.org/@alice2",
	}
	cands := Extract(p)
	var got []string
	for _, c := range cands {
		got = append(got, c.Handle)
	}
	want := []string{"@alice@mastodon.social", "@alice2@fosstodon.org", "@alice@example.org", "@bob@mas.to"}
	if !slices.Equal(got, want) {
		t.Fatalf("handles %q, want %q\n%+v", got, want, cands)
	}
	if cands[0].Field != FieldURL || cands[0].Form != FormURL {
		t.Errorf("best evidence should be the URL field, got %+v", cands[0])
	}
	acc := Accepted(cands)
	// The credited @bob is listed for review but not accepted.
	if len(acc) != 3 || acc[0].Handle != want[0] || acc[1].Handle != want[1] || acc[2].Handle != want[2] {
		t.Errorf("Accepted = %+v", acc)
	}
	if Extract(nil) != nil || Extract(&profiles.Profile{}) != nil {
		t.Error("empty profile must give no candidates")
	}
	if Accepted(nil) != nil {
		t.Error("Accepted(nil) must be nil")
	}
}

func TestExtractUnexpandedTCo(t *testing.T) {
	for _, u := range []string{"https://t.co/@abc", "http://t.co/abc", "t.co/xyz"} {
		if c := Extract(&profiles.Profile{URL: u, Description: u}); c != nil {
			t.Errorf("%s: got %+v", u, c)
		}
	}
}

// TestExtractObfuscatedEvidence checks that a decoded handle's evidence is
// the text as the person wrote it, not the decoded copy.
func TestExtractObfuscatedEvidence(t *testing.T) {
	p := &profiles.Profile{Description: "Say hi: alice [at] mastodon [dot] social, thanks"}
	before := *p
	cands := Extract(p)
	if len(cands) != 1 || cands[0].Form != FormObfuscated {
		t.Fatalf("got %+v", cands)
	}
	if !strings.Contains(cands[0].Evidence, "alice [at] mastodon [dot] social") {
		t.Errorf("evidence %q does not quote the written form", cands[0].Evidence)
	}
	if p.Description != before.Description {
		t.Error("Extract modified the profile")
	}
}
