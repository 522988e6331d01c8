package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
	"github.com/fledge-cli/fledge/internal/steps"
)

// scopeCase is a command that writes, with the work it declares.
type scopeCase struct {
	name string
	uses []stepUse
	args []string
}

func scopeCases(t *testing.T, dir string) []scopeCase {
	t.Helper()
	zip := filepath.Join("..", "..", "archive", "testdata", "sample-archive.zip")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	follows := write("follows.csv", "Account address,Show boosts,Notify on new posts,Languages\nbob@masto.test,true,false,\n")
	accounts := write("accounts.csv", "bob@masto.test\n")
	return []scopeCase{
		{"profile", profileUses, []string{"profile", "--yes", "--twitter-api", "off", zip}},
		{"import", importUses, []string{"import", "--yes", "--max", "2", "--no-wait", zip}},
		{"follow", alone(stepWork(steps.Follow, false)...), []string{"follow", "--no-wait", follows}},
		{"follow --list", alone(stepWork(steps.Follow, true)...), []string{"follow", "--no-wait", "--list", "Friends", follows}},
		{"block", graphUses(follow.ActionBlock), []string{"block", "--yes", accounts}},
		{"mute", graphUses(follow.ActionMute), []string{"mute", "--yes", accounts}},
		{"undo", undoUses, []string{"undo", "--yes", "import-nothing"}},
	}
}

// unionScopes are the scopes of the uses, and read:accounts, which a
// FLEDGE_TOKEN account's token needs to be verified whatever the command.
func unionScopes(uses []stepUse) []string {
	out := []string{"read:accounts"}
	for _, u := range uses {
		for _, s := range u.use.Scopes() {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// TestCommandScopes: each writing command declares the scopes it needs,
// from the one endpoint table, and no fewer: a token (and app) with
// exactly those does the work on a server that enforces scopes per
// endpoint as Mastodon does, and a token whose app lacks any one of them
// is stopped with that scope named, before anything is written. Dropping
// a call from a command's declared work fails the first half; dropping
// the check fails the second.
func TestCommandScopes(t *testing.T) {
	for i, c := range scopeCases(t, t.TempDir()) {
		t.Run(c.name, func(t *testing.T) {
			s := mastotest.New(mastotest.Options{Domain: "masto.test"})
			defer s.Close()
			s.AddAccount("bob", mastotest.AccountOptions{})
			want := unionScopes(c.uses)
			if c.name != "undo" { // undo needs a job: only the refusal is checked
				full := s.AddAccount("full", mastotest.AccountOptions{Scopes: want, AppScopes: want})
				if _, stderr, err := runFledgeOn(context.Background(), s, full.Token, t.TempDir(), nil, c.args...); err != nil && exitCodeFor(err, true) != exitPartial {
					t.Fatalf("with exactly %q: %v\n%s", want, err, stderr)
				}
			}
			for j, drop := range want {
				if drop == "read:accounts" {
					continue
				}
				less := slices.DeleteFunc(slices.Clone(want), func(s string) bool { return s == drop })
				a := s.AddAccount("u"+string(rune('a'+i))+string(rune('a'+j)), mastotest.AccountOptions{Scopes: less, AppScopes: less})
				s.ResetRequests()
				_, stderr, err := runFledgeOn(context.Background(), s, a.Token, t.TempDir(), nil, c.args...)
				if err == nil || exitCodeFor(err, true) != exitAuth || !strings.Contains(err.Error(), "this token cannot") || !strings.Contains(err.Error(), drop) {
					t.Errorf("without %s: %v\n%s", drop, err, stderr)
				}
				for _, r := range s.Requests() {
					if r.Method != http.MethodGet {
						t.Errorf("without %s: %s %s before the refusal", drop, r.Method, r.Path)
					}
				}
			}
		})
	}
}

// TestRunNamesMissingScopeBeforeSteps: in fledge run, an account whose
// token's app lacks a scope one of its steps needs fails before any of
// its steps writes, with the step named; the other account goes on.
func TestRunNamesMissingScopeBeforeSteps(t *testing.T) {
	fx := newRunFixture(t)
	narrow := []string{"read", "write:statuses"}
	fx.env["ERIN_TOKEN"] = fx.srv.AddAccount("erin2", mastotest.AccountOptions{Scopes: narrow, AppScopes: narrow}).Token
	out, errOut, err := fx.run(t, &runOptions{}, true)
	if code := exitCodeFor(err, false); code != exitPartial {
		t.Fatalf("exit %d (%v)\n%s", code, err, errOut)
	}
	if got := fx.srv.Follows("erin2"); len(got) != 0 {
		t.Errorf("erin2 follows %v", got)
	}
	if got := fx.srv.Follows("alice"); len(got) != 2 {
		t.Errorf("alice follows %v: the other account must complete", got)
	}
	sum := lastEvent(t, out)
	errs, _ := sum["errors"].(map[string]any)
	if msg := fmt.Sprint(errs["erin"]); !strings.Contains(msg, "this token cannot follow accounts (the follow step needs the write:follows permission)") {
		t.Errorf("erin's error: %s\n%s", msg, out)
	}
}

// TestStepScopes: what each migration step needs, derived from its work,
// and the words that name it.
func TestStepScopes(t *testing.T) {
	for _, c := range []struct {
		step    steps.Name
		list    bool
		granted []string
		want    string
	}{
		{steps.Match, false, nil, ""},
		{steps.Inspect, false, []string{"read"}, ""},
		{steps.Profile, false, nil, ""}, // unknown scopes: the server decides
		{steps.Profile, false, []string{"read", "write"}, ""},
		{steps.Profile, false, []string{"read", "write:statuses"}, "update your profile (the profile step needs the write:accounts permission)"},
		{steps.Import, false, []string{"read:accounts"}, "post your tweets (the import step needs the read:statuses, write:media, write:statuses permissions)"},
		{steps.Follow, false, []string{"read", "follow"}, ""},
		{steps.Follow, true, []string{"read", "follow"}, "add accounts to a list (the follow step needs the write:lists permission)"},
		{steps.Follow, true, []string{"read"}, "follow accounts (the follow step needs the write:follows permission), nor add accounts to a list (the follow step needs the write:lists permission)"},
	} {
		if got := scopeProblem(c.granted, stepUses(c.step, c.list)); got != c.want {
			t.Errorf("%s (list %v) with %q:\n got %q\nwant %q", c.step, c.list, c.granted, got, c.want)
		}
	}
	if got := scopeProblem([]string{"read"}, undoUses); got != "delete the posts of an import (it lacks the write:statuses permission)" {
		t.Errorf("undo: %q", got)
	}
}
