package follow

import (
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/importer/job/jobtest"
)

// TestFollowThreadsOnGoToSocial: with NoThreads (the user's server is
// GoToSocial) Threads accounts are skipped, counted and explained, never
// asked about and not journalled; other accounts, and bridged Bluesky
// ones, are followed as usual. Without it Threads accounts are followed.
func TestFollowThreadsOnGoToSocial(t *testing.T) {
	f := newFake()
	zed := f.add("zed@threads.net", true)
	f.add("alice.bsky.social@bsky.brid.gy", true)
	f.add("bob@a.example", true)
	j := jobtest.NewMemJournal()
	sum, got := runFollow(t, f, Config{
		Targets: targets("@zed@threads.net", "alice.bsky.social@bsky.brid.gy", "Yan@Threads.com", "bob@a.example"),
		Journal: j, Wait: true, NoThreads: true,
	})
	want := map[string]Status{
		"zed@threads.net":                StatusSkipped,
		"yan@threads.com":                StatusSkipped,
		"alice.bsky.social@bsky.brid.gy": StatusFollowed,
		"bob@a.example":                  StatusFollowed,
	}
	gotS := statuses(got)
	for h, s := range want {
		if gotS[h] != s {
			t.Errorf("%s: status %q, want %q", h, gotS[h], s)
		}
	}
	for _, r := range got {
		if r.Status == StatusSkipped && !strings.Contains(r.Reason, "GoToSocial server cannot follow Threads") {
			t.Errorf("%s skipped for %q", r.Handle, r.Reason)
		}
	}
	if sum.Counts[StatusSkipped] != 2 || sum.Counts[StatusFollowed] != 2 {
		t.Errorf("counts %v, want 2 skipped and 2 followed", sum.Counts)
	}
	if f.following[zed.ID] {
		t.Error("a Threads account was followed")
	}
	if s := journalStatus(j, journalKey("follow", "zed@threads.net")); s != "" {
		t.Errorf("the skip was journalled as %q", s)
	}

	// From a server that can follow Threads, the same journal goes on.
	_, got = runFollow(t, f, Config{Targets: targets("zed@threads.net"), Journal: j, Wait: true})
	if s := statuses(got)["zed@threads.net"]; s != StatusFollowed {
		t.Errorf("without NoThreads: %q, want followed", s)
	}
}
