package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
	"github.com/fledge-cli/fledge/internal/steps"
)

// bridgedMatches is what fledge match writes for a Bluesky account that
// Bridgy Fed bridges, an opted-in Threads account and a Bluesky account
// that is not bridged (no handle: someone to ask).
const bridgedMatches = `{"twitter_id":"1","screen_name":"alice","handles":["@alice.bsky.social@bsky.brid.gy"],"candidates":[{"handle":"@alice.bsky.social@bsky.brid.gy","field":"bio","evidence":"@alice.bsky.social","form":"bluesky","confidence":0.45,"status":"bridged","profile_url":"https://bsky.app/profile/alice.bsky.social"}]}
{"twitter_id":"2","screen_name":"zed","handles":["@zed@threads.net"],"candidates":[{"handle":"@zed@threads.net","field":"url","evidence":"https://www.threads.com/@zed","form":"threads","confidence":0.45,"status":"verified","profile_url":"https://www.threads.com/@zed"}]}
{"twitter_id":"3","screen_name":"bob","handles":[],"candidates":[{"handle":"@bob.example.org@bsky.brid.gy","field":"url","evidence":"https://bsky.app/profile/bob.example.org","form":"bluesky","confidence":0.45,"status":"not_bridged","profile_url":"https://bsky.app/profile/bob.example.org"}]}
`

// TestBridgedAccountsExportAndFollow: a bridged Bluesky account and an
// opted-in Threads account go into Mastodon's import CSV (fledge export)
// and are followed (fledge follow, from Mastodon) like any other account;
// one that is not bridged is neither.
func TestBridgedAccountsExportAndFollow(t *testing.T) {
	dir := t.TempDir()
	matches := filepath.Join(dir, "matches.jsonl")
	writeTestFile(t, matches, bridgedMatches)

	ios, _, _, errOut := iostreams.Test()
	f := &factory{IO: ios, Globals: &globalOptions{}, Getenv: func(string) string { return "" }}
	out := filepath.Join(dir, "following.csv")
	if err := runExport(context.Background(), f, &exportOptions{Matches: matches, Output: out, Reblogs: true}); err != nil {
		t.Fatalf("export: %v\nstderr: %s", err, errOut)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "Account address,Show boosts,Notify on new posts,Languages\n" +
		"alice.bsky.social@bsky.brid.gy,true,false,\n" +
		"zed@threads.net,true,false,\n"
	if string(got) != want {
		t.Errorf("export:\n%s\nwant\n%s", got, want)
	}

	srv, env, _ := migrateTestEnv(t)
	srv.AddRemoteAccount("alice.bsky.social@bsky.brid.gy", mastotest.RemoteOptions{})
	srv.AddRemoteAccount("zed@threads.net", mastotest.RemoteOptions{})
	srv.AddRemoteAccount("bob.example.org@bsky.brid.gy", mastotest.RemoteOptions{})
	ios, _, stdout, errOut := iostreams.Test()
	if _, err := runFollow(context.Background(), migrateFactory(env, ios), steps.FollowOptions{Input: matches}); err != nil {
		t.Fatalf("follow: %v\nstdout: %s\nstderr: %s", err, stdout, errOut)
	}
	follows := srv.Follows("alice")
	slices.Sort(follows)
	if want := []string{"alice.bsky.social@bsky.brid.gy", "zed@threads.net"}; !slices.Equal(follows, want) {
		t.Errorf("followed %q, want %q\nstdout: %s", follows, want, stdout)
	}
	if strings.Contains(stdout.String(), "bob.example.org") {
		t.Errorf("an account that is not bridged was acted on:\n%s", stdout)
	}
}
