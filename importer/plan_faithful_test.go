package importer

import (
	"testing"
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
