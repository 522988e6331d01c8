package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/internal/twitter"
)

// profileTestArchive is the sample archive with a t.co link in the bio
// (left as written: no profiles here) and no header picture file (not
// copied), so the plan has every kind of warning besides the website's.
func profileTestArchive(t *testing.T) string {
	t.Helper()
	r, err := zip.OpenReader(sampleArchive(t))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	path := filepath.Join(t.TempDir(), "archive.zip")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(fh)
	for _, f := range r.File {
		if strings.Contains(f.Name, "profile_media/") && strings.Contains(f.Name, "1729226760") {
			continue // the header picture
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "data/profile.js" {
			data = bytes.Replace(data, []byte(`Moving to the fediverse.`), []byte(`Moving: https://t.co/BiO1`), 1)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// terminalTranscript runs a command on a fake terminal that answers
// input, with stdout and stderr in one buffer as a person sees them.
func terminalTranscript(t *testing.T, env map[string]string, input string, run func(*factory) error) (string, error) {
	t.Helper()
	var screen bytes.Buffer
	ios := iostreams.New(strings.NewReader(input), &screen, &screen)
	ios.SetStdinTTY(true)
	ios.SetStderrTTY(true)
	ios.DisableProgress()
	err := run(migrateFactory(env, ios))
	return screen.String(), err
}

// inOrder checks that each of want appears in s, after the one before.
func inOrder(t *testing.T, s string, want ...string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(s[at:], w)
		if i < 0 {
			t.Errorf("%q missing, or not after %q, in:\n%s", w, s[:at], s)
			return
		}
		at += i + len(w)
	}
}

// profileWarnings are the warnings of profileTestArchive's plan, each to
// be said once, before the question.
var profileWarnings = []string{
	`warning: field "Website" not copied: the archive has only the t.co link https://t.co/9OPRm9msyA`,
	"warning: header not copied: profile_media/ has no file for",
	"warning: 1 t.co link(s) left as written (https://t.co/BiO1)",
}

func runProfileCmd(archive string, set func(*profileOptions)) func(*factory) error {
	return func(f *factory) error {
		o := &profileOptions{ProfileOptions: steps.NewProfileOptions()}
		o.Archive = archive
		if set != nil {
			set(o)
		}
		return runProfile(context.Background(), f, o)
	}
}

func runMigrateProfile(archive string, set func(*migrateOptions)) func(*factory) error {
	return func(f *factory) error {
		o := &migrateOptions{Archive: archive, Offline: true, Visibility: "unlisted", Steps: []string{"profile"}}
		if set != nil {
			set(o)
		}
		return runMigrate(context.Background(), f, o)
	}
}

// TestProfileStepLayout: fledge profile and fledge migrate's profile step
// show the changes, then every warning once, then the same question, with
// the same default (Enter is yes); no dry-run sentence comes before it.
func TestProfileStepLayout(t *testing.T) {
	archive := profileTestArchive(t)
	for _, tt := range []struct {
		name, prompt string
		run          func(*factory) error
	}{
		{"profile", "Make these changes to the profile of @alice@masto.example.com? [Y/n] ", runProfileCmd(archive, nil)},
		{"migrate", "Make these changes to the profile of @alice@masto.example.com? [Y/n/skip/quit] ", runMigrateProfile(archive, nil)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, env, _ := migrateTestEnv(t)
			screen, err := terminalTranscript(t, env, "\n", tt.run)
			if err != nil {
				t.Fatalf("%v\n%s", err, screen)
			}
			inOrder(t, screen, append(append([]string{"Profile of @alice@masto.example.com", `! header`}, profileWarnings...),
				tt.prompt, "Updated the profile of @alice@masto.example.com: 5 change(s).")...)
			for _, w := range profileWarnings {
				if n := strings.Count(screen, w); n != 1 {
					t.Errorf("%q said %d times, want once:\n%s", w, n, screen)
				}
			}
			// One header warning: the plan's line does not say it again.
			if n := strings.Count(screen, "profile_media/ has no file for"); n != 1 {
				t.Errorf("the missing header is explained %d times, want once:\n%s", n, screen)
			}
			if strings.Contains(screen, "Dry run") || strings.Contains(screen, "dry run") {
				t.Errorf("a dry-run sentence without --dry-run:\n%s", screen)
			}
			if avatar, _ := srv.ProfileImages("alice"); avatar == nil {
				t.Error("Enter did not apply the changes: no avatar")
			}
		})
	}
}

// TestProfileStepAnswers: no, and the end of input, change nothing in
// either command; --yes asks nothing and applies in both.
func TestProfileStepAnswers(t *testing.T) {
	archive := profileTestArchive(t)
	for _, tt := range []struct {
		name, input string
		run         func(*factory) error
		applied     bool
	}{
		{"profile n", "n\n", runProfileCmd(archive, nil), false},
		{"profile end of input", "", runProfileCmd(archive, nil), false},
		{"profile unclear, then Enter", "sure\n\n", runProfileCmd(archive, nil), true},
		{"migrate n", "n\n", runMigrateProfile(archive, nil), false},
		{"profile --yes", "", runProfileCmd(archive, func(o *profileOptions) { o.Yes = true }), true},
		{"migrate --yes", "", runMigrateProfile(archive, func(o *migrateOptions) { o.Yes = true }), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, env, _ := migrateTestEnv(t)
			screen, err := terminalTranscript(t, env, tt.input, tt.run)
			var pe *partialError
			if err != nil && (tt.applied || !errors.As(err, &pe)) {
				t.Fatalf("%v\n%s", err, screen)
			}
			avatar, _ := srv.ProfileImages("alice")
			applied := avatar != nil
			if applied != tt.applied {
				t.Errorf("applied %v, want %v:\n%s", applied, tt.applied, screen)
			}
			if tt.input == "sure\n\n" && strings.Count(screen, "Make these changes") != 2 {
				t.Errorf("not asked again after an unclear answer:\n%s", screen)
			}
			if asked := strings.Contains(screen, "Make these changes"); asked == strings.HasSuffix(tt.name, "--yes") {
				t.Errorf("asked %v:\n%s", asked, screen)
			}
			if tt.applied {
				inOrder(t, screen, append(profileWarnings, "Updated the profile")...)
			}
		})
	}
}

// TestProfileStepDryRun: with --dry-run the dry-run sentence comes after
// the changes and their warnings, and nothing is asked.
func TestProfileStepDryRun(t *testing.T) {
	archive := profileTestArchive(t)
	for _, tt := range []struct {
		name string
		run  func(*factory) error
	}{
		{"profile", runProfileCmd(archive, func(o *profileOptions) { o.DryRun = true })},
		{"migrate", runMigrateProfile(archive, func(o *migrateOptions) { o.DryRun = true })},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, env, _ := migrateTestEnv(t)
			screen, err := terminalTranscript(t, env, "", tt.run)
			if err != nil {
				t.Fatalf("%v\n%s", err, screen)
			}
			inOrder(t, screen, append(append([]string{"Profile of"}, profileWarnings...),
				"Dry run: 5 change(s) would be made; nothing was changed.")...)
			if strings.Contains(screen, "Make these changes") {
				t.Errorf("a dry run asks:\n%s", screen)
			}
		})
	}
}

// TestProfileWebsiteFromCache: the website's t.co link is expanded from
// fledge's cache of Twitter profiles (filled by an earlier API look-up),
// without a token.
func TestProfileWebsiteFromCache(t *testing.T) {
	_, env, _ := migrateTestEnv(t)
	cache, err := twitter.OpenCache(filepath.Join(env["FLEDGE_CACHE_DIR"], "twitter-profiles"), twitter.CacheOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := cache.Put(twitter.User{ID: "21212801", ScreenName: "quinemo_fenren", URL: "https://t.co/9OPRm9msyA",
		URLURLs: []twitter.URLEntity{{URL: "https://t.co/9OPRm9msyA", ExpandedURL: "https://quinemo.example"}}}); err != nil {
		t.Fatal(err)
	}
	screen, err := terminalTranscript(t, env, "", runProfileCmd(sampleArchive(t), func(o *profileOptions) { o.Yes = true }))
	if err != nil {
		t.Fatalf("%v\n%s", err, screen)
	}
	if !strings.Contains(screen, `+ field "Website"   (new) → "https://quinemo.example"`) || strings.Contains(screen, "t.co") {
		t.Errorf("website not expanded from the cache:\n%s", screen)
	}
	// The server has it: a re-run finds the field unchanged.
	screen, err = terminalTranscript(t, env, "", runProfileCmd(sampleArchive(t), func(o *profileOptions) { o.DryRun = true }))
	if err != nil || !strings.Contains(screen, `= field "Website"   "https://quinemo.example" (unchanged)`) {
		t.Errorf("re-run: %v\n%s", err, screen)
	}
}
