package main

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
	"github.com/spf13/cobra"
)

func TestParseMigrateSteps(t *testing.T) {
	tests := []struct {
		in      []string
		want    []string
		wantErr string
	}{
		{nil, migrateStepNames, ""},
		{[]string{"import", "match", "follow"}, []string{"match", "follow", "import"}, ""},
		{[]string{" Profile ", "profile"}, []string{"profile"}, ""},
		{[]string{"match", "folow"}, nil, `unknown step "folow"`},
		{[]string{""}, nil, `unknown step ""`},
		{[]string{}, nil, "name at least one step"},
	}
	for _, tt := range tests {
		got, err := parseMigrateSteps(tt.in)
		if tt.wantErr != "" {
			var ue *usageError
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &ue) {
				t.Errorf("parseMigrateSteps(%q) = %v, %v; want usage error %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("parseMigrateSteps(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		in   string
		want answer
		ok   bool
	}{
		{"", answerYes, true},
		{"  Y \r", answerYes, true},
		{"yes", answerYes, true},
		{"n", answerNo, true},
		{"NO", answerNo, true},
		{"skip", answerSkip, true},
		{"s", answerSkip, true},
		{"q", answerQuit, true},
		{"quit", answerQuit, true},
		{"maybe", answerNo, false},
		{"yess", answerNo, false},
	}
	for _, tt := range tests {
		got, ok := parseAnswer(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseAnswer(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseMigrateState(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
	}{
		{"valid", `{"version":1,"archive":"a.zip","fingerprint":"abc","account":"a@b.c","steps":{"match":{"status":"done","at":"2024-01-02T03:04:05Z"},"import":{"status":"left","left":3,"at":"2024-01-02T03:04:05Z"}},"updated":"2024-01-02T03:04:05Z"}`, ""},
		{"no steps", `{"version":1}`, ""},
		{"not json", `hello`, "not a migration state file"},
		{"unknown key", `{"version":1,"extra":true}`, "not a migration state file"},
		{"newer version", `{"version":2}`, "version 2 is not one this fledge reads"},
		{"no version", `{}`, "version 0"},
		{"unknown step", `{"version":1,"steps":{"folow":{"status":"done"}}}`, `unknown step "folow"`},
		{"unknown status", `{"version":1,"steps":{"follow":{"status":"maybe"}}}`, `unknown status "maybe"`},
		{"trailing", `{"version":1} {}`, "trailing data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := parseMigrateState([]byte(tt.in), "state.json")
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if st.Steps == nil {
					t.Fatal("Steps is nil")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "state.json") {
				t.Fatalf("err = %v, want one naming state.json and saying %q", err, tt.wantErr)
			}
		})
	}
}

func TestMigrateStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := config.Paths{State: dir}.MigrateState("alice@example.social", "0123456789ab")
	st, err := loadMigrateState(path, "/a.zip", "0123456789ab", "alice@example.social")
	if err != nil || len(st.Steps) != 0 {
		t.Fatalf("fresh state: %+v, %v", st, err)
	}
	st.set(stepFollow, stepRecord{Status: stateLeft, Left: 12})
	st.set(stepMatch, stepRecord{Status: stateDone})
	st.set(stepProfile, stepRecord{Status: stateSkipped})
	if err := st.save(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	again, err := loadMigrateState(path, "/moved/a.zip", "0123456789ab", "alice@example.social")
	if err != nil {
		t.Fatal(err)
	}
	if again.Archive != "/moved/a.zip" || again.Steps[stepFollow].Left != 12 {
		t.Fatalf("reloaded %+v", again)
	}
	for step, want := range map[string]bool{stepMatch: true, stepProfile: true, stepFollow: false, stepImport: false} {
		if got := again.finished(step); got != want {
			t.Errorf("finished(%s) = %v, want %v", step, got, want)
		}
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("state file mode: %v, %v", info, err)
	}
}

func TestArchiveFingerprint(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.zip")
	writeZip(t, a, map[string]string{"data/tweets.js": "one", "data/account.js": "two"})
	b := filepath.Join(dir, "b.zip") // the same content under another name
	writeZip(t, b, map[string]string{"data/tweets.js": "one", "data/account.js": "two"})
	c := filepath.Join(dir, "c.zip") // one file changed
	writeZip(t, c, map[string]string{"data/tweets.js": "One", "data/account.js": "two"})
	fa, fb, fc := mustFingerprint(t, a), mustFingerprint(t, b), mustFingerprint(t, c)
	if fa != fb {
		t.Errorf("same content, different fingerprints: %s %s", fa, fb)
	}
	if fa == fc {
		t.Errorf("changed content, same fingerprint %s", fa)
	}
	if len(fa) != 12 {
		t.Errorf("fingerprint %q: want 12 hex digits", fa)
	}

	folder := filepath.Join(dir, "folder")
	if err := os.MkdirAll(filepath.Join(folder, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(folder, "data", "tweets.js"), "one")
	f1 := mustFingerprint(t, folder)
	writeTestFile(t, filepath.Join(folder, "data", "tweets.js"), "one more")
	if f2 := mustFingerprint(t, folder); f1 == f2 {
		t.Errorf("folder grew, same fingerprint %s", f1)
	}

	notZip := filepath.Join(dir, "notes.txt")
	writeTestFile(t, notZip, "hello")
	if _, err := archiveFingerprint(notZip); err == nil || !strings.Contains(err.Error(), notZip) {
		t.Errorf("not a zip: err = %v", err)
	}
	if _, err := archiveFingerprint(filepath.Join(dir, "missing.zip")); err == nil {
		t.Error("missing archive: no error")
	}
}

func mustFingerprint(t *testing.T, path string) string {
	t.Helper()
	fp, err := archiveFingerprint(path)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func writeZip(t *testing.T, path string, files map[string]string) {
	t.Helper()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(fh)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, files[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestReadMatchesPreview(t *testing.T) {
	in := `{"twitter_id":"1","screen_name":"a","handles":["@a@example.social"],"candidates":[]}
{"twitter_id":"2","screen_name":"b","handles":[],"candidates":[]}

{"twitter_id":"3","screen_name":"c","handles":["@c@example.social"],"candidates":[]}
{"twitter_id":"4","screen_name":"d","handles":["@d@example.social"],"candidates":[]}
`
	p, err := readMatchesPreview(strings.NewReader(in), "m.jsonl", 2)
	if err != nil {
		t.Fatal(err)
	}
	if p.Scanned != 4 || p.Matched != 3 || len(p.First) != 2 || p.First[1].ScreenName != "c" {
		t.Fatalf("preview = %+v", p)
	}
	_, err = readMatchesPreview(strings.NewReader(in+"{oops\n"), "m.jsonl", 2)
	if err == nil || !strings.Contains(err.Error(), "m.jsonl:6:") {
		t.Fatalf("bad line: err = %v, want one naming m.jsonl:6", err)
	}
}

// TestAskInterrupted: Ctrl-C while waiting for an answer ends the wait
// at once, although the read itself cannot be interrupted.
func TestAskInterrupted(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	r, w := io.Pipe()
	defer w.Close()
	ios.In = r
	m := &migration{f: &factory{IO: ios, Globals: &globalOptions{}}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.ask(ctx, "Follow 3 accounts now?"); !errors.Is(err, errInterrupted) {
		t.Fatalf("err = %v, want errInterrupted", err)
	}
	if !strings.Contains(errOut.String(), "Follow 3 accounts now? [Y/n/skip/quit]") {
		t.Fatalf("question not shown: %q", errOut)
	}
}

// TestAskRepeats: an answer it does not understand gets the question
// again; the end of input means quit.
func TestAskRepeats(t *testing.T) {
	ios, in, _, errOut := iostreams.Test()
	in.WriteString("perhaps\nskip\nrest")
	m := &migration{f: &factory{IO: ios, Globals: &globalOptions{}}}
	a, err := m.ask(context.Background(), "Q?")
	if err != nil || a != answerSkip {
		t.Fatalf("ask = %v, %v; want skip", a, err)
	}
	if strings.Count(errOut.String(), "Q? [Y/n/skip/quit]") != 2 || !strings.Contains(errOut.String(), "Please answer") {
		t.Fatalf("stderr: %q", errOut)
	}
	if in.String() != "rest" {
		t.Fatalf("ask read past its line: %q left", in.String())
	}
	in.Reset()
	if a, err := m.ask(context.Background(), "Q?"); err != nil || a != answerQuit {
		t.Fatalf("at end of input: %v, %v; want quit", a, err)
	}
}

// migrateTestEnv starts a fake Mastodon on a real-looking domain (the
// matcher refuses .test handles) with alice, bob and dave, and returns a
// factory acting as alice with its own directories.
func migrateTestEnv(t *testing.T) (*mastotest.Server, map[string]string, string) {
	t.Helper()
	return migrateTestEnvWith(t, mastotest.Options{})
}

// migrateTestEnvWith is migrateTestEnv on a server with opts (its domain
// is always masto.example.com).
func migrateTestEnvWith(t *testing.T, opts mastotest.Options) (*mastotest.Server, map[string]string, string) {
	t.Helper()
	opts.Domain = "masto.example.com"
	srv := mastotest.New(opts)
	t.Cleanup(srv.Close)
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
	return srv, env, profiles
}

func migrateFactory(env map[string]string, ios *iostreams.IOStreams) *factory {
	return &factory{IO: ios, Globals: &globalOptions{}, Now: time.Now, Getenv: func(k string) string { return env[k] }}
}

// execute runs fledge with args in-process, on f's streams, as main does
// (without the exit-code mapping, which callers apply to the error).
func execute(ctx context.Context, f *factory, args ...string) (*cobra.Command, error) {
	root := newRootCmd(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	return root.ExecuteContextC(ctx)
}

// TestMigratePrompts answers the questions through a fake terminal: yes
// to match, not now to follow, skip the profile, quit at the import. The
// next run offers follow and import only, and follows and posts.
func TestMigratePrompts(t *testing.T) {
	srv, env, profiles := migrateTestEnv(t)
	ios, in, out, errOut := iostreams.Test()
	ios.SetStdinTTY(true)
	ios.SetStderrTTY(true)
	ios.DisableProgress()
	in.WriteString("y\nn\nskip\nquit\n")
	opts := &migrateOptions{Archive: sampleArchive(t), Profiles: []string{profiles}, Offline: true, Visibility: "unlisted", Max: 2}
	err := runMigrate(context.Background(), migrateFactory(env, ios), opts)
	var pe *partialError
	if !errors.As(err, &pe) {
		t.Fatalf("first run: err = %v, want work left\nstderr: %s", err, errOut)
	}
	for _, want := range []string{
		"Look up the fediverse handles of the 60 accounts you follow, without checking them (--offline)? [Y/n/skip/quit] ",
		"2 of the 60 accounts you follow were matched:",
		"Follow these 2 accounts as @alice@masto.example.com? [Y/n/skip/quit] ",
		"follow: not now; offered again next time.",
		"Make these changes to the profile of @alice@masto.example.com? [Y/n/skip/quit] ",
		"profile: skipped; not offered again.",
		"Import the next 2 posts now, as unlisted posts of @alice@masto.example.com? [Y/n/skip/quit] ",
		"Stopped before import.",
		"migrate @alice@masto.example.com: 3 of 6 steps done, 1 skipped (profile); not finished: follow (not run), import (not run)",
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	for _, want := range []string{"@bobby_bird", "@dave@masto.example.com", `~ display name      (none) → "Quinemo Fenren 🐘"`, "posts\t272"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	// The profile's question follows its changes: no dry-run sentence
	// between them (TestProfileStepLayout has the order).
	if strings.Contains(out.String(), "Dry run:") {
		t.Error("stdout has the profile's dry-run sentence before its question")
	}
	if t.Failed() {
		t.Fatalf("stdout:\n%s\nstderr:\n%s", out, errOut)
	}
	if got := srv.Follows("alice"); len(got) != 0 {
		t.Fatalf("follow was declined, but alice follows %v", got)
	}
	if got := srv.Statuses("alice"); len(got) != 0 {
		t.Fatalf("quit before the import, but alice has %d posts", len(got))
	}

	// The second run: one answer it does not understand, then yes twice.
	out.Reset()
	errOut.Reset()
	in.WriteString("sure\ny\ny\n")
	err = runMigrate(context.Background(), migrateFactory(env, ios), opts)
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "import (270 left)") {
		t.Fatalf("second run: err = %v, want the import's work left\nstderr: %s", err, errOut)
	}
	if !strings.Contains(errOut.String(), "Already done in an earlier run: inspect, match, profile (skipped).") {
		t.Errorf("second run does not say what was done:\n%s", errOut)
	}
	if strings.Contains(errOut.String(), "Look up the fediverse handles") || strings.Contains(errOut.String(), "profile of") {
		t.Errorf("second run offered a finished step again:\n%s", errOut)
	}
	got := srv.Follows("alice")
	slices.Sort(got)
	if !slices.Equal(got, []string{"bob", "dave"}) {
		t.Errorf("alice follows %v, want bob and dave", got)
	}
	if n := len(srv.Statuses("alice")); n != 2 {
		t.Errorf("alice has %d posts, want the --max 2 slice", n)
	}
}

// TestMigrateFollowBudget: with --yes, a follow step cut short (here by
// --max, as by the day's budget) is recorded as work left and exits 3;
// the same command again finishes it and follows nobody twice.
func TestMigrateFollowBudget(t *testing.T) {
	srv, env, profiles := migrateTestEnv(t)
	ios, _, out, errOut := iostreams.Test()
	opts := &migrateOptions{Archive: sampleArchive(t), Steps: []string{"match", "follow"}, Yes: true,
		Profiles: []string{profiles}, Offline: true, Visibility: "unlisted", Max: 1}
	err := runMigrate(context.Background(), migrateFactory(env, ios), opts)
	if code := exitCodeFor(err, false); code != exitPartial || !strings.Contains(err.Error(), "follow (1 left)") {
		t.Fatalf("first run: %v (exit %d), want follow with 1 left\nstdout: %s\nstderr: %s", err, code, out, errOut)
	}
	if got := srv.Follows("alice"); len(got) != 1 {
		t.Fatalf("after the first slice alice follows %v", got)
	}
	errOut.Reset()
	if err := runMigrate(context.Background(), migrateFactory(env, ios), opts); err != nil {
		t.Fatalf("second run: %v\nstderr: %s", err, errOut)
	}
	if !strings.Contains(errOut.String(), "Already done in an earlier run: match.") {
		t.Errorf("second run:\n%s", errOut)
	}
	got := srv.Follows("alice")
	slices.Sort(got)
	if !slices.Equal(got, []string{"bob", "dave"}) {
		t.Fatalf("alice follows %v, want bob and dave once each", got)
	}
	// A third run has nothing left to offer.
	errOut.Reset()
	if err := runMigrate(context.Background(), migrateFactory(env, ios), opts); err != nil {
		t.Fatalf("third run: %v", err)
	}
	if !strings.Contains(errOut.String(), "Already done in an earlier run: match, follow.") || strings.Contains(errOut.String(), "[2/2]") {
		t.Errorf("third run:\n%s", errOut)
	}
}

// TestMigrateProfileShownOnce: the profile changes are printed once (in the
// preview, not again when applied), and a profile that is already up to
// date is not asked about.
func TestMigrateProfileShownOnce(t *testing.T) {
	_, env, profiles := migrateTestEnv(t)
	ios, in, out, errOut := iostreams.Test()
	ios.SetStdinTTY(true)
	ios.SetStderrTTY(true)
	ios.DisableProgress()
	in.WriteString("y\n")
	opts := &migrateOptions{Archive: sampleArchive(t), Profiles: []string{profiles}, Offline: true,
		Visibility: "unlisted", Steps: []string{"profile"}}
	if err := runMigrate(context.Background(), migrateFactory(env, ios), opts); err != nil {
		t.Fatalf("first run: %v\nstderr: %s", err, errOut)
	}
	if n := strings.Count(out.String(), "display name"); n != 1 {
		t.Errorf("the display name change is printed %d times, want once:\n%s", n, out)
	}

	// Again from the start: the profile is up to date, so no question.
	out.Reset()
	errOut.Reset()
	opts.Restart = true
	if err := runMigrate(context.Background(), migrateFactory(env, ios), opts); err != nil {
		t.Fatalf("second run: %v\nstderr: %s", err, errOut)
	}
	if strings.Contains(errOut.String(), "[Y/n/skip/quit]") || !strings.Contains(errOut.String(), "Nothing to change.") {
		t.Errorf("an up-to-date profile was asked about:\n%s", errOut)
	}
}

// TestMigrateProfilesLater: a migration begun with the archive alone
// matches nothing and leaves the match step open (exit 3); given
// profiles later it matches and follows without --restart; given a new
// capture after the first was deleted it matches again, keeps the earlier
// matches, follows only the new account, and then has nothing to offer.
func TestMigrateProfilesLater(t *testing.T) {
	srv, env, _ := migrateTestEnv(t)
	dir := t.TempDir()
	bob := filepath.Join(dir, "bob.jsonl")
	writeTestFile(t, bob, `{"id_str":"583751717887577737","screen_name":"bobby_bird","name":"Bob","description":"now @bob@masto.example.com"}`+"\n")
	dave := filepath.Join(dir, "dave.jsonl")
	writeTestFile(t, dave, `{"id_str":"829820801401446245","screen_name":"dave_bird","name":"Dave @dave@masto.example.com"}`+"\n")
	archivePath := sampleArchive(t)
	run := func(profiles ...string) (string, error) {
		t.Helper()
		ios, _, _, errOut := iostreams.Test()
		opts := &migrateOptions{Archive: archivePath, Steps: []string{"match", "follow"}, Yes: true,
			Profiles: profiles, Offline: true, Visibility: "unlisted"}
		err := runMigrate(context.Background(), migrateFactory(env, ios), opts)
		return errOut.String(), err
	}

	stderr, err := run()
	if code := exitCodeFor(err, false); code != exitPartial || !strings.Contains(err.Error(), "not finished: match") {
		t.Fatalf("archive alone: %v (exit %d), want the match step open\n%s", err, code, stderr)
	}
	if !strings.Contains(stderr, "none of the 60 followed accounts has profile data") {
		t.Errorf("archive alone does not say why:\n%s", stderr)
	}

	if stderr, err = run(bob); err != nil {
		t.Fatalf("with bob's profile: %v\n%s", err, stderr)
	}
	if got := srv.Follows("alice"); !slices.Equal(got, []string{"bob"}) {
		t.Fatalf("with bob's profile alice follows %v\n%s", got, stderr)
	}

	if err := os.Remove(bob); err != nil {
		t.Fatal(err)
	}
	if stderr, err = run(dave); err != nil {
		t.Fatalf("with dave's profile: %v\n%s", err, stderr)
	}
	for _, want := range []string{"match: new since it was done (dave.jsonl); matching again.", "Kept the earlier matches of 1 account that"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("with dave's profile, stderr lacks %q:\n%s", want, stderr)
		}
	}
	got := srv.Follows("alice")
	slices.Sort(got)
	if !slices.Equal(got, []string{"bob", "dave"}) {
		t.Fatalf("alice follows %v, want bob and dave once each", got)
	}

	if stderr, err = run(); err != nil {
		t.Fatalf("without profiles after all: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "Already done in an earlier run: match, follow.") {
		t.Errorf("the last run offered something again:\n%s", stderr)
	}
}

// TestMigrateAsksWithoutProfiles: before the match step, a migration
// without profiles says the archive alone matches little, and how to
// capture them; with profiles it does not.
func TestMigrateAsksWithoutProfiles(t *testing.T) {
	_, env, profiles := migrateTestEnv(t)
	for _, p := range [][]string{nil, {profiles}} {
		ios, in, _, errOut := iostreams.Test()
		ios.SetStdinTTY(true)
		ios.SetStderrTTY(true)
		ios.DisableProgress()
		in.WriteString("quit\n")
		opts := &migrateOptions{Archive: sampleArchive(t), Steps: []string{"match"}, Profiles: p, Offline: true, Visibility: "unlisted"}
		err := runMigrate(context.Background(), migrateFactory(env, ios), opts)
		if code := exitCodeFor(err, false); code != exitPartial {
			t.Fatalf("profiles %v: %v (exit %d), want the step left for later\n%s", p, err, code, errOut)
		}
		hint := strings.Contains(errOut.String(), "No profiles given") && strings.Contains(errOut.String(), "'fledge help capture'")
		if hint != (p == nil) {
			t.Errorf("profiles %v: hint shown %v\n%s", p, hint, errOut)
		}
	}
}
