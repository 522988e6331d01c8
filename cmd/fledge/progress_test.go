package main

import (
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// TestShowWait: a client's wait of a minute or more is said in words
// (issue 13 §4: not only with -v): on the bar on a terminal, as a line
// when piped, not at all under --json; short waits stay quiet.
func TestShowWait(t *testing.T) {
	long := mastodon.WaitEvent{Bucket: mastodon.BucketStatuses, Reason: mastodon.WaitPacing, Until: time.Now().Add(2 * time.Hour)}
	tests := []struct {
		name string
		json bool
		tty  bool
		ev   mastodon.WaitEvent
		want string // in stderr; "" for nothing
	}{
		{"piped", false, false, long, "waiting for the server's post limit until "},
		{"terminal", false, true, long, "posts · waiting for the server's post limit until "},
		{"json", true, false, long, ""},
		{"short", false, false, mastodon.WaitEvent{Bucket: mastodon.BucketFollows, Until: time.Now().Add(5 * time.Second)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			io, _, _, errOut := iostreams.Test()
			io.SetStderrTTY(tt.tty)
			f := &factory{IO: io, Globals: &globalOptions{JSON: tt.json}}
			f.applyGlobals()
			bar := f.printer().Progress(10, "posts", "importing")
			logged := 0
			showWait(f, func(mastodon.WaitEvent) { logged++ })(tt.ev)
			bar.Done()
			if logged != 1 {
				t.Errorf("the -v log ran %d times", logged)
			}
			got := errOut.String()
			if tt.want == "" && strings.Contains(got, "waiting") || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("stderr %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWaitReason(t *testing.T) {
	for ev, want := range map[mastodon.WaitEvent]string{
		{Bucket: mastodon.BucketFollows}:              "the server's follow limit",
		{Bucket: mastodon.BucketMedia}:                "the server's media upload limit",
		{Bucket: mastodon.BucketAPI}:                  "the server's request limit",
		{Reason: mastodon.WaitUnavailable}:            "the server to be available again",
		{Reason: mastodon.WaitRateLimited}:            "the server (rate limited)",
		{Bucket: mastodon.BucketDeletes, Reason: "x"}: "the server's delete limit",
	} {
		if got := waitReason(ev); got != want {
			t.Errorf("%+v: %q, want %q", ev, got, want)
		}
	}
}
