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
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// TestFollowFromArchive gives `fledge follow` an archive instead of a
// matches file: the archive's following list is matched first (offline,
// from a profiles file) and the matched handles are followed.
func TestFollowFromArchive(t *testing.T) {
	srv := mastotest.New(mastotest.Options{Domain: "masto.example.com"})
	defer srv.Close()
	alice := srv.AddAccount("alice", mastotest.AccountOptions{})
	srv.AddAccount("bob", mastotest.AccountOptions{})
	srv.AddAccount("dave", mastotest.AccountOptions{})

	dir := t.TempDir()
	profiles := filepath.Join(dir, "profiles.jsonl")
	// Two of the sample archive's followed ids, with handles in their bios.
	writeTestFile(t, profiles, `{"id_str":"583751717887577737","screen_name":"bobby_bird","name":"Bob","description":"now @bob@masto.example.com"}
{"id_str":"829820801401446245","screen_name":"dave_bird","name":"Dave 🐘 @dave@masto.example.com","description":""}
`)
	env := map[string]string{
		"FLEDGE_SERVER":     srv.URL(),
		"FLEDGE_TOKEN":      alice.Token,
		"FLEDGE_CONFIG_DIR": filepath.Join(dir, "config"),
		"FLEDGE_STATE_DIR":  filepath.Join(dir, "state"),
		"FLEDGE_CACHE_DIR":  filepath.Join(dir, "cache"),
		"HOME":              dir,
	}
	io, _, out, errOut := iostreams.Test()
	f := &factory{IO: io, Globals: &globalOptions{}, Getenv: func(k string) string { return env[k] }}
	opts := &followOptions{
		Input:   sampleArchive(t),
		Reblogs: true,
		NoWait:  true,
		Match:   archiveMatchFlags{Profiles: []string{profiles}, Offline: true},
	}
	if err := runFollow(context.Background(), f, opts, false, false); err != nil {
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
	srv := mastotest.New(mastotest.Options{Domain: "masto.example.com"})
	defer srv.Close()
	alice := srv.AddAccount("alice", mastotest.AccountOptions{})
	srv.AddAccount("bob", mastotest.AccountOptions{})

	dir := t.TempDir()
	matches := filepath.Join(dir, "matches.csv")
	writeTestFile(t, matches, "Account address,Show boosts,Notify on new posts,Languages\nbob@masto.example.com,true,false,\n")
	env := map[string]string{
		"FLEDGE_SERVER":     srv.URL(),
		"FLEDGE_TOKEN":      alice.Token,
		"FLEDGE_CONFIG_DIR": filepath.Join(dir, "config"),
		"FLEDGE_STATE_DIR":  filepath.Join(dir, "state"),
		"FLEDGE_CACHE_DIR":  filepath.Join(dir, "cache"),
		"HOME":              dir,
	}
	io, _, _, errOut := iostreams.Test()
	f := &factory{IO: io, Globals: &globalOptions{}, Getenv: func(k string) string { return env[k] }}
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
