package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// The group of the directory tests: four Twitter accounts whose bios
// name remote fediverse accounts, one without a handle.
const (
	groupHandles  = "ann_bird\nben_bird\nold_bird\nno_bird\n"
	groupProfiles = `{"id_str":"1","screen_name":"ann_bird","name":"Ann","description":"@ann@example.social"}
{"id_str":"2","screen_name":"ben_bird","name":"Ben","description":"toots at https://fosstodon.org/@ben"}
{"id_str":"3","screen_name":"old_bird","name":"Old","description":"@old@mastodon.online"}
{"id_str":"4","screen_name":"no_bird","name":"No","description":"nothing here"}
`
)

// directoryEnv is a factory acting as the organizer on srv, with its own
// state directory, and the group's input files.
type directoryEnv struct {
	f                 *factory
	out, errOut       *bytes.Buffer
	dir               string
	handles, profiles string
}

func newDirectoryEnv(t *testing.T, srv *mastotest.Server, token string) *directoryEnv {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	dir := t.TempDir()
	env := map[string]string{
		"HOME": dir, "FLEDGE_CONFIG_DIR": filepath.Join(dir, "config"), "XDG_STATE_HOME": filepath.Join(dir, "state"),
		"XDG_CACHE_HOME": filepath.Join(dir, "cache"), "FLEDGE_RETRIES": "1",
		"FLEDGE_SERVER": srv.URL(), "FLEDGE_TOKEN": token, envSourceDate: "1772366400",
	}
	e := &directoryEnv{out: out, errOut: errOut, dir: dir,
		handles: filepath.Join(dir, "group.txt"), profiles: filepath.Join(dir, "profiles.jsonl")}
	e.f = &factory{IO: ios, Globals: &globalOptions{}, Now: time.Now, Getenv: func(k string) string { return env[k] }}
	for name, body := range map[string]string{e.handles: groupHandles, e.profiles: groupProfiles} {
		if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e *directoryEnv) opts(list string) *directoryOptions {
	return &directoryOptions{
		Handles: e.handles, Profiles: []string{e.profiles}, Output: filepath.Join(e.dir, "out"),
		Title: "Bird club", verifyFlags: verifyFlags{Offline: true, TwitterAPI: "off"}, CreateList: list, createListSet: list != "",
	}
}

func (e *directoryEnv) reset() { e.out.Reset(); e.errOut.Reset() }

// groupServer is a Mastodon (or GoToSocial) server where the organizer
// has an account and the group's accounts are known remote accounts: ben
// is locked, old moved to ann's server.
func groupServer(t *testing.T, software string) (*mastotest.Server, string) {
	t.Helper()
	srv := mastotest.New(mastotest.Options{Software: software, Domain: "home.test", Seed: 7})
	t.Cleanup(srv.Close)
	org := srv.AddAccount("org", mastotest.AccountOptions{})
	srv.AddRemoteAccount("ann@example.social", mastotest.RemoteOptions{})
	srv.AddRemoteAccount("ben@fosstodon.org", mastotest.RemoteOptions{Locked: true})
	// A server that shows a moved account has fetched its target too.
	srv.AddRemoteAccount("new@example.social", mastotest.RemoteOptions{Known: true})
	srv.AddRemoteAccount("old@mastodon.online", mastotest.RemoteOptions{MovedTo: "new@example.social"})
	return srv, org.Token
}

func listMembers(t *testing.T, srv *mastotest.Server, title string) []string {
	t.Helper()
	for _, l := range srv.Lists("org") {
		if l.Title == title {
			m := slices.Clone(l.Members)
			slices.Sort(m)
			return m
		}
	}
	t.Fatalf("no list %q on the server", title)
	return nil
}

// TestDirectoryCreateList builds the list on a Mastodon account: every
// member followed (the moved one's new account instead), all on the list
// at once since Mastodon takes pending requests as members; a second run
// sends nothing.
func TestDirectoryCreateList(t *testing.T) {
	srv, token := groupServer(t, mastotest.Mastodon)
	e := newDirectoryEnv(t, srv, token)
	if err := runDirectory(context.Background(), e.f, e.opts("Bird club")); err != nil {
		t.Fatalf("runDirectory: %v\nstdout:\n%s\nstderr:\n%s", err, e.out, e.errOut)
	}
	follows := srv.Follows("org")
	slices.Sort(follows)
	want := []string{"ann@example.social", "ben@fosstodon.org", "new@example.social"}
	if !slices.Equal(follows, want) {
		t.Errorf("follows = %v, want %v", follows, want)
	}
	if got := listMembers(t, srv, "Bird club"); !slices.Equal(got, want) {
		t.Errorf("list members = %v, want %v", got, want)
	}
	for _, line := range []string{"moved\t@old@mastodon.online\t→ @new@example.social\tlist: added", "not found\t@no_bird (No)"} {
		if !strings.Contains(e.out.String(), line) {
			t.Errorf("stdout lacks %q:\n%s", line, e.out)
		}
	}
	for _, name := range []string{"directory.md", "directory.html", "following.csv", "lists.csv"} {
		if _, err := os.Stat(filepath.Join(e.dir, "out", name)); err != nil {
			t.Error(err)
		}
	}

	e.reset()
	e.f.Globals.JSON = true
	before := len(srv.Follows("org"))
	if err := runDirectory(context.Background(), e.f, e.opts("Bird club")); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if n := len(srv.Follows("org")); n != before {
		t.Errorf("second run changed the follows: %d, then %d", before, n)
	}
	for _, want := range []string{`"type":"summary","members":3,"servers":3,"unmatched":1`, `"type":"list_summary","list":"Bird club","total":3`, `"earlier":3`} {
		if !strings.Contains(e.out.String(), want) {
			t.Errorf("second run's JSON lacks %s:\n%s", want, e.out)
		}
	}
	if n := len(srv.Lists("org")); n != 1 {
		t.Errorf("%d lists after two runs, want 1", n)
	}
}

// TestDirectoryCreateListPending: GoToSocial takes only accepted follows
// as list members, so the locked member joins on a later run, once the
// request is accepted.
func TestDirectoryCreateListPending(t *testing.T) {
	srv, token := groupServer(t, mastotest.GoToSocial)
	e := newDirectoryEnv(t, srv, token)
	if err := runDirectory(context.Background(), e.f, e.opts("Bird club")); err != nil {
		t.Fatalf("runDirectory: %v\nstdout:\n%s\nstderr:\n%s", err, e.out, e.errOut)
	}
	if got := listMembers(t, srv, "Bird club"); slices.Contains(got, "ben@fosstodon.org") {
		t.Errorf("a pending follow is on the GoToSocial list: %v", got)
	}
	if !strings.Contains(e.errOut.String(), "1 list additions wait for approval") {
		t.Errorf("the pending addition is not reported:\n%s", e.errOut)
	}

	srv.AcceptFollowRequests("org")
	e.reset()
	if err := runDirectory(context.Background(), e.f, e.opts("Bird club")); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if got := listMembers(t, srv, "Bird club"); !slices.Contains(got, "ben@fosstodon.org") || len(got) != 3 {
		t.Errorf("after the request was accepted, list members = %v", got)
	}
}

func TestDirectoryCreateListDryRun(t *testing.T) {
	srv, token := groupServer(t, mastotest.Mastodon)
	e := newDirectoryEnv(t, srv, token)
	o := e.opts("Bird club")
	o.DryRun = true
	if err := runDirectory(context.Background(), e.f, o); err != nil {
		t.Fatalf("runDirectory: %v\nstdout:\n%s\nstderr:\n%s", err, e.out, e.errOut)
	}
	if n := len(srv.Follows("org")); n != 0 {
		t.Errorf("a dry run followed %d accounts", n)
	}
	if n := len(srv.Lists("org")); n != 0 {
		t.Errorf("a dry run created %d lists", n)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "out")); err == nil {
		t.Error("a dry run wrote the directory")
	}
	if !strings.Contains(e.errOut.String(), "dry run: would follow 3 of 3 accounts") {
		t.Errorf("no plan:\n%s", e.errOut)
	}
}

func TestDirectoryCreateListRevokedToken(t *testing.T) {
	srv, token := groupServer(t, mastotest.Mastodon)
	srv.RevokeToken(token)
	e := newDirectoryEnv(t, srv, token)
	err := runDirectory(context.Background(), e.f, e.opts("Bird club"))
	if code := exitCodeFor(err, false); code != exitAuth {
		t.Fatalf("exit %d (%v), want %d", code, err, exitAuth)
	}
	// The files come first: a refused token does not cost the directory.
	if _, err := os.Stat(filepath.Join(e.dir, "out", "lists.csv")); err != nil {
		t.Error(err)
	}
}

func TestDirectoryOptionsValidate(t *testing.T) {
	tests := []struct {
		name string
		o    directoryOptions
		want string
	}{
		{"no output", directoryOptions{}, "needs -o DIR"},
		{"dry run needs no output", directoryOptions{DryRun: true}, ""},
		{"empty list name", directoryOptions{Output: "x", CreateList: "  ", createListSet: true}, "--create-list needs a list name"},
		{"list on two lines", directoryOptions{Output: "x", CreateList: "a\nb", createListSet: true}, "cannot span lines"},
		{"list-name on two lines", directoryOptions{Output: "x", ListName: "a\rb"}, "cannot span lines"},
		{"fine", directoryOptions{Output: "x", CreateList: " Club ", createListSet: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.o.validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v, want %q", err, tt.want)
			case tt.want != "" && exitCodeFor(err, false) != exitUsage:
				t.Errorf("exit code %d, want %d", exitCodeFor(err, false), exitUsage)
			}
		})
	}
	o := directoryOptions{Output: "x", CreateList: " Club ", createListSet: true}
	if err := o.validate(); err != nil || o.CreateList != "Club" {
		t.Errorf("list name %q, %v; want it trimmed", o.CreateList, err)
	}
}
