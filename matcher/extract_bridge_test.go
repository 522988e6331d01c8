package matcher

import (
	"slices"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// TestExtractBridgeForms checks the candidate, its evidence and the web
// profile link of every Bluesky and Threads form, and what must not be
// read as one.
func TestExtractBridgeForms(t *testing.T) {
	tests := []struct {
		bio, handle, evidence, profile string
		form                           Form
	}{
		{"🦋 @alice.bsky.social", "@alice.bsky.social@bsky.brid.gy", "🦋 @alice.bsky.social", "https://bsky.app/profile/alice.bsky.social", FormBluesky},
		{"(Alice.Bsky.Social)", "@alice.bsky.social@bsky.brid.gy", "(Alice.Bsky.Social)", "https://bsky.app/profile/alice.bsky.social", FormBluesky},
		{"https://bsky.app/profile/alice.example.org", "@alice.example.org@bsky.brid.gy", "https://bsky.app/profile/alice.example.org", "https://bsky.app/profile/alice.example.org", FormBluesky},
		{"threads.com/@alice_b", "@alice_b@threads.net", "threads.com/@alice_b", "https://www.threads.com/@alice_b", FormThreads},
		{"https://www.threads.net/@alice/post/x", "@alice@threads.net", "https://www.threads.net/@alice/post/x", "https://www.threads.com/@alice", FormThreads},
	}
	for _, tt := range tests {
		cands := Extract(&profiles.Profile{Description: tt.bio})
		if len(cands) != 1 {
			t.Errorf("%q: %d candidates %+v, want one", tt.bio, len(cands), cands)
			continue
		}
		c := cands[0]
		if c.Handle != tt.handle || c.Evidence != tt.evidence || c.ProfileURL != tt.profile || c.Form != tt.form || c.Confidence != probeCap {
			t.Errorf("%q: got %+v\nwant %s %q %s %s at %v", tt.bio, c, tt.handle, tt.evidence, tt.profile, tt.form, probeCap)
		}
	}
	if got := acceptedHandles(&profiles.Profile{Description: "@alice@threads.com"}); len(got) != 1 || got[0] != "@alice@threads.net" {
		t.Errorf("@alice@threads.com: accepted %q, want the threads.net handle", got)
	}
	for _, bio := range []string{
		"@alice@bsky.social", "x@alice.bsky.social", "alice.bsky.social@example.com",
		"https://example.com/alice.bsky.social", "alice.bsky.social.example.com", "#alice.bsky.social",
		"at://alice.bsky.social/app.bsky.feed.post/x", "bsky.app/profile/did:plc:abc", "bsky.app/profile/alice",
		"threads.net/alice", "https://www.threads.com/", "bsky.social",
	} {
		if cands := Extract(&profiles.Profile{Description: bio}); len(cands) != 0 {
			t.Errorf("%q: candidates %+v, want none", bio, cands)
		}
	}
}

func TestExtractCommunities(t *testing.T) {
	tests := []struct {
		bio         string
		communities []string
		handles     []string // every candidate, accepted or not
	}{
		{"!Rust@Lemmy.World and https://lemmy.world/c/rust", []string{"!rust@lemmy.world"}, nil},
		{"lemmy.ml/c/a lemmy.ml/m/b feddit.example.org/c/c@beehaw.org", []string{"!a@lemmy.ml", "!b@lemmy.ml", "!c@beehaw.org"}, nil},
		{"me @a@lemmy.world, group !g@a.gup.pe", []string{"!g@a.gup.pe"}, []string{"@a@lemmy.world"}},
		{"https://tube.example.org/c/chan https://example.com/m/x", nil, []string{"@chan@tube.example.org"}},
		{"wow!a@lemmy.world", nil, nil},
		{"https://combine.example.org/c/x https://mbin.example.org/m/y https://lemmy.example.org/c/z", []string{"!y@mbin.example.org", "!z@lemmy.example.org"}, []string{"@x@combine.example.org"}},
		{"!a@youtube.com", nil, nil},
	}
	for _, tt := range tests {
		cands, comms := ExtractAll(&profiles.Profile{Description: tt.bio})
		var hs []string
		for _, c := range cands {
			hs = append(hs, c.Handle)
		}
		if !slices.Equal(comms, tt.communities) || !slices.Equal(hs, tt.handles) {
			t.Errorf("%q:\n got %q %q\nwant %q %q", tt.bio, comms, hs, tt.communities, tt.handles)
		}
	}
}
