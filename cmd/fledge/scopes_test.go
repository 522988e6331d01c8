package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
	"github.com/fledge-cli/fledge/internal/steps"
)

// oldGranular is what fledge asked Mastodon ≥ 4.3 for before the profile
// step's write:accounts was in the list (issue 13 §1).
var oldGranular = []string{"read:accounts", "read:blocks", "read:follows", "read:lists", "read:mutes", "read:search",
	"read:statuses", "write:blocks", "write:follows", "write:lists", "write:media", "write:mutes", "write:statuses"}

// TestProfileNamesMissingScopeThenLoginAsksForIt: a stored token without
// write:accounts stops `fledge profile` before any change is tried, with
// what to do; `fledge login` then registers a new app (the stored one
// lacks the scope) and asks for write:accounts, after which profile works.
func TestProfileNamesMissingScopeThenLoginAsksForIt(t *testing.T) {
	s := mastotest.New(mastotest.Options{Domain: "masto.test"})
	defer s.Close()
	alice := s.AddAccount("alice", mastotest.AccountOptions{Scopes: oldGranular})

	pr, pw := io.Pipe()
	e := newLoginEnv(t, pr)
	path := filepath.Join(e.env["FLEDGE_CONFIG_DIR"], "credentials.yaml")
	c := config.NewCredentials(path)
	if err := c.PutApp(config.App{Server: s.URL(), ClientID: "old-app", ClientSecret: "old-secret", Scopes: oldGranular,
		RedirectURI: mastodon.OOBRedirect}); err != nil {
		t.Fatal(err)
	}
	if err := c.PutAccount(config.Account{Key: "alice@masto.test", Server: s.URL(), Username: "alice", ID: string(alice.ID),
		Token: config.Secret(alice.Token), Scopes: oldGranular, AppClientID: "old-app"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	zip := filepath.Join("..", "..", "archive", "testdata", "sample-archive.zip")
	s.ResetRequests()
	err := runProfile(context.Background(), e.f, &profileOptions{ProfileOptions: steps.ProfileOptions{Archive: zip, Yes: true, TwitterAPI: "off"}})
	if err == nil || exitCodeFor(err, false) != exitAuth ||
		!strings.Contains(err.Error(), "this token cannot update your profile") ||
		!strings.Contains(err.Error(), "write:accounts") || !strings.Contains(err.Error(), "fledge login --server "+s.URL()) {
		t.Fatalf("profile with a token lacking write:accounts: %v (exit %d)", err, exitCodeFor(err, false))
	}
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("profile tried %s %s before naming the missing scope", r.Method, r.Path)
		}
	}
	// A dry run only reads: it warns and shows the plan.
	if err := runProfile(context.Background(), e.f, &profileOptions{ProfileOptions: steps.ProfileOptions{Archive: zip, DryRun: true, TwitterAPI: "off"}}); err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if !strings.Contains(e.err.String(), "warning: this token cannot update your profile") {
		t.Errorf("dry run did not warn:\n%s", e.err)
	}

	e.f.IO.SetStdinTTY(true)
	e.f.IO.SetStderrTTY(true)
	e.env["DISPLAY"] = ":0"
	var opened []string
	if err := runLogin(context.Background(), e.f, &loginOptions{Server: s.URL(), serverSet: true, openURL: browserFor(t, s, pw, &opened)}); err != nil {
		t.Fatalf("login: %v\nstderr: %s", err, e.err)
	}
	if len(opened) != 1 || !strings.Contains(opened[0], "write%3Aaccounts") {
		t.Fatalf("login opened %q, want a request for write:accounts", opened)
	}
	creds := e.credentials(t)
	acct, _ := creds.Account("alice@masto.test")
	app, _ := creds.App(s.URL())
	if !slices.Contains(acct.Scopes, "write:accounts") || app.ClientID == "old-app" || !slices.Contains(app.Scopes, "write:accounts") {
		t.Fatalf("after login: account scopes %q, app %s scopes %q", acct.Scopes, app.ClientID, app.Scopes)
	}
	if err := runProfile(context.Background(), e.f, &profileOptions{ProfileOptions: steps.ProfileOptions{Archive: zip, Yes: true, TwitterAPI: "off"}}); err != nil {
		t.Fatalf("profile after login: %v", err)
	}
}
