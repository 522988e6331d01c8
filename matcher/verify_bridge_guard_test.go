package matcher

import (
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// TestBridgesGuarded: the bridges' hosts go through the network guard
// like any other. A Bridgy Fed or Threads name that resolves into the
// private network is refused with the reason; the handle is unreachable,
// neither "not bridged" nor "not found", and counted as refused.
func TestBridgesGuarded(t *testing.T) {
	f := newFakeFedi(t)
	fakeBridges(f)
	v := newTestVerifier(f, VerifyOptions{Client: guardedClient(f, "bsky.brid.gy", "threads.net")})
	ps := []profiles.Profile{
		{ID: "1", ScreenName: "alice", Description: "🦋 @alice.bsky.social"},
		{ID: "2", ScreenName: "zed", Description: "threads.net/@zed"},
	}
	sum, out := runIDs(t, v, ps)
	if sum.Matched != 0 || sum.Refused != 2 || sum.Bridged != 0 || sum.NotBridged != 0 {
		t.Errorf("summary %+v, want 2 refused and nothing matched", sum)
	}
	for i, host := range []string{"bsky.brid.gy", "threads.net"} {
		if len(out) != 2 || len(out[i].Candidates) != 1 {
			t.Fatalf("matches %+v", out)
		}
		c := out[i].Candidates[0]
		if c.Status != StatusUnreachable || !strings.HasPrefix(c.Reason, host+" resolves to a private address") || len(out[i].Handles) != 0 {
			t.Errorf("%s: %+v, want unreachable with the guard's reason", host, c)
		}
	}
}
