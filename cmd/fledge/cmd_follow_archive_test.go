package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/steps"
)

// TestFollowFromArchive gives `fledge follow` an archive instead of a
// matches file: the archive's following list is matched first (offline,
// from a profiles file) and the matched handles are followed.
func TestFollowFromArchive(t *testing.T) {
	srv, env, profiles := migrateTestEnv(t)
	io, _, out, errOut := iostreams.Test()
	f := migrateFactory(env, io)
	opts := steps.FollowOptions{
		Input: sampleArchive(t),
		Match: steps.ArchiveMatch{Profiles: []string{profiles}, Offline: true},
	}
	if _, err := runFollow(context.Background(), f, opts); err != nil {
		t.Fatalf("follow: %v\nstderr: %s", err, errOut)
	}
	got := srv.Follows("alice")
	slices.Sort(got)
	want := []string{"bob", "dave"} // local accounts, by username
	if !slices.Equal(got, want) {
		t.Fatalf("alice follows %v, want %v\nstdout: %s\nstderr: %s", got, want, out, errOut)
	}
	if !strings.Contains(errOut.String(), "60 accounts scanned: 2 matched") {
		t.Fatalf("no match summary on stderr: %s", errOut)
	}
}

func sampleArchive(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "archive", "testdata", "sample-archive.zip")
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestFollowOptionsReachServer checks that --reblogs, --notify and
// --languages, parsed as the command parses them, arrive with each follow.
func TestFollowOptionsReachServer(t *testing.T) {
	srv, env, _ := migrateTestEnv(t)
	matches := filepath.Join(t.TempDir(), "matches.csv")
	writeTestFile(t, matches, "Account address,Show boosts,Notify on new posts,Languages\nbob@masto.example.com,true,false,\n")
	io, _, _, errOut := iostreams.Test()
	f := migrateFactory(env, io)
	cmd := newFollowCmd(f)
	cmd.SetArgs([]string{"--no-wait", "--reblogs=false", "--notify", "--languages", "en,de", matches})
	cmd.SetOut(io.Out)
	cmd.SetErr(io.ErrOut)
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("follow: %v\nstderr: %s", err, errOut)
	}
	got := srv.FollowDetails("alice")
	if len(got) != 1 {
		t.Fatalf("follows %+v, want one", got)
	}
	if fd := got[0]; fd.Reblogs || !fd.Notify || !slices.Equal(fd.Languages, []string{"en", "de"}) {
		t.Fatalf("follow sent as %+v, want reblogs off, notify on, languages [en de]", fd)
	}
}
