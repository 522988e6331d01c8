package importer

import (
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/archive"
)

// TestPlanRepliesToOthers: a tweet that answers a person but names no
// tweet (in_reply_to_user_id only) is a reply to someone else, like one
// that names a tweet; archive inspect counts it by the same rule.
func TestPlanRepliesToOthers(t *testing.T) {
	named := tw(1, "@carol I agree")
	named.ReplyToID, named.ReplyToUserID, named.ReplyToScreenName = "77", "300", "carol"
	person := tw(2, "@carol hello there")
	person.ReplyToUserID, person.ReplyToScreenName = "300", "carol"
	noUser := tw(3, "@dave reply to a deleted account")
	noUser.ReplyToID = "88"
	selfNoStatus := tw(4, "@me a note to self")
	selfNoStatus.ReplyToUserID, selfNoStatus.ReplyToScreenName, selfNoStatus.SelfReply = "100", "me", true
	plain := tw(5, "@carol, a mention in plain text")

	tests := []struct {
		name    string
		include []string
		skipped map[string]string
	}{
		{"default", nil, map[string]string{"1": SkipReply, "2": SkipReply, "3": SkipReply, "4": "", "5": ""}},
		{"--include replies", []string{IncludeReplies}, map[string]string{"1": "", "2": "", "3": "", "4": "", "5": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Options.Include = tt.include
			p := plan(t, cfg, named, person, noUser, selfNoStatus, plain)
			for id, want := range tt.skipped {
				if got := skipOf(p, id); got != want {
					t.Errorf("tweet %s: skip %q, want %q", id, got, want)
				}
			}
		})
	}
	for _, tw := range []struct {
		name string
		want bool
		got  bool
	}{{"named", true, named.RepliesToOthers()}, {"person", true, person.RepliesToOthers()}, {"noUser", true, noUser.RepliesToOthers()}, {"self", false, selfNoStatus.RepliesToOthers()}, {"plain", false, plain.RepliesToOthers()}} {
		if tw.got != tw.want {
			t.Errorf("%s: RepliesToOthers %v, want %v", tw.name, tw.got, tw.want)
		}
	}
}

// TestPlanNeverPostsCutLongPosts: a long post whose note was not found is
// left out, never posted with its "…" text.
func TestPlanNeverPostsCutLongPosts(t *testing.T) {
	cut := tw(1, "A long post that stops in the middle of a…")
	cut.CutLong = true
	p := plan(t, testConfig(), cut, tw(2, "short"))
	if got := skipOf(p, "1"); got != SkipCutLong {
		t.Errorf("skip %q, want %q", got, SkipCutLong)
	}
	if len(p.Posts) != 1 || p.Posts[0].TweetID != "2" {
		t.Errorf("posts %+v", p.Posts)
	}
}

// TestPlanAudienceNeverWidens: Circle tweets are skipped or private,
// tweets written while the account was protected are private whatever
// --visibility says, and the plan counts them.
func TestPlanAudienceNeverWidens(t *testing.T) {
	mk := func() []*archive.Tweet {
		plain := tw(1, "an ordinary tweet")
		prot := tw(2, "followers only back then")
		prot.Protected = true
		circle := tw(3, "for my circle")
		circle.Circle = true
		both := tw(4, "circle while protected")
		both.Circle, both.Protected = true, true
		return []*archive.Tweet{plain, prot, circle, both}
	}
	tests := []struct {
		name, visibility, circle string
		want                     map[string]string // tweet id → visibility or "skip: reason"
		private                  PrivateCounts
	}{
		{"defaults", "", "", map[string]string{"1": "unlisted", "2": "private", "3": "skip: " + SkipCircle, "4": "skip: " + SkipCircle}, PrivateCounts{Protected: 1}},
		{"public, circle private", VisibilityPublic, CirclePrivate, map[string]string{"1": "public", "2": "private", "3": "private", "4": "private"}, PrivateCounts{Protected: 1, Circle: 2}},
		{"private anyway", VisibilityPrivate, CircleSkip, map[string]string{"1": "private", "2": "private", "3": "skip: " + SkipCircle, "4": "skip: " + SkipCircle}, PrivateCounts{Protected: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Options.Visibility, cfg.Options.Circle = tt.visibility, tt.circle
			p := plan(t, cfg, mk()...)
			got := map[string]string{}
			for _, pp := range p.Posts {
				got[pp.TweetID] = pp.Visibility
				if narrowed := pp.Visibility == VisibilityPrivate && pp.TweetID != "1"; narrowed != (pp.Audience != "") {
					t.Errorf("post %s: visibility %s, audience %q", pp.Key, pp.Visibility, pp.Audience)
				}
			}
			for _, s := range p.Skipped {
				got[s.TweetID] = "skip: " + s.Reason
			}
			for id, want := range tt.want {
				if got[id] != want {
					t.Errorf("tweet %s: %q, want %q", id, got[id], want)
				}
			}
			if p.Private != tt.private {
				t.Errorf("private counts %+v, want %+v", p.Private, tt.private)
			}
		})
	}
	cfg := testConfig()
	cfg.Options.Circle = "public"
	if _, err := NewPlanner(cfg); err == nil || !strings.Contains(err.Error(), `--circle "public"`) {
		t.Errorf("--circle public: %v", err)
	}
}

// TestPlanPrivateNotQuotedNatively: a public post links to a private
// one it quotes instead of quoting it natively (the server would refuse
// and it would widen the quoted post's audience).
func TestPlanPrivateNotQuotedNatively(t *testing.T) {
	prot := tw(1, "followers only")
	prot.Protected = true
	quote := tw(2, "look at this https://twitter.com/me/status/1")
	quote.QuoteURL = "https://twitter.com/me/status/1"
	quote2 := tw(3, "and again https://twitter.com/me/status/1")
	quote2.QuoteURL, quote2.Protected = "https://twitter.com/me/status/1", true
	p := plan(t, testConfig(), prot, quote, quote2)
	for _, pp := range p.Posts {
		switch pp.TweetID {
		case "2":
			if pp.QuoteOf != "1/0" || pp.QuoteNative {
				t.Errorf("public quote of a private post: quote_of %q native %v", pp.QuoteOf, pp.QuoteNative)
			}
		case "3":
			if pp.QuoteOf != "1/0" || !pp.QuoteNative {
				t.Errorf("private quote of a private post: quote_of %q native %v", pp.QuoteOf, pp.QuoteNative)
			}
		}
	}
}

// TestPlanGrailbirdRetweetWholeText: with retweets included, a retweet
// whose whole original text the archive has is posted with that text and
// the link, not as the cut "…" form or a bare link.
func TestPlanGrailbirdRetweetWholeText(t *testing.T) {
	whole := tw(1, "RT @bob: the whole original text, not cut")
	whole.Retweet, whole.RetweetWhole, whole.RetweetOfURL = true, true, "https://twitter.com/bob/status/9"
	cut := tw(2, "RT @bob: a text cut short…")
	cut.Retweet, cut.RetweetOfURL = true, "https://twitter.com/bob/status/8"
	cfg := testConfig()
	cfg.Options.Include = []string{IncludeRetweets}
	p := plan(t, cfg, whole, cut)
	want := map[string]string{
		"1": "RT ＠bob: the whole original text, not cut\n\nhttps://twitter.com/bob/status/9",
		"2": "RT ＠bob: https://twitter.com/bob/status/8",
	}
	for _, pp := range p.Posts {
		if !strings.HasPrefix(pp.Text, want[pp.TweetID]) {
			t.Errorf("tweet %s posted %q, want it to start %q", pp.TweetID, pp.Text, want[pp.TweetID])
		}
	}
}

// TestPlanQuoteWebStatusLink: a twitter.com/i/web/status/ID (or x.com)
// link to one of our tweets is a quote like /<user>/status/ID.
func TestPlanQuoteWebStatusLink(t *testing.T) {
	for _, u := range []string{"https://twitter.com/i/web/status/1", "https://x.com/i/web/status/1?s=20", "https://twitter.com/me/status/1"} {
		q := tw(2, "see "+u)
		q.QuoteURL = u
		p := plan(t, testConfig(), tw(1, "the original"), q)
		if len(p.Posts) != 2 || p.Posts[1].QuoteOf != "1/0" || !p.Posts[1].QuoteNative {
			t.Errorf("%s: posts %+v", u, p.Posts)
		}
	}
}
