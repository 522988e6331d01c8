package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/internal/ui"
)

// runFixture is a fake server with a few accounts, a migration file
// whose accounts take their tokens from the environment, and a factory
// whose state lives in a temporary directory.
type runFixture struct {
	srv  *mastotest.Server
	dir  string
	env  map[string]string
	yaml string
}

func newRunFixture(t *testing.T) *runFixture {
	return newRunFixtureWith(t, mastotest.Options{})
}

// newRunFixtureWith is newRunFixture on a server with other options (its
// domain is always masto.example.com).
func newRunFixtureWith(t *testing.T, o mastotest.Options) *runFixture {
	o.Domain = "masto.example.com"
	srv := mastotest.New(o)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	fx := &runFixture{srv: srv, dir: dir, env: map[string]string{
		"FLEDGE_CONFIG_DIR": filepath.Join(dir, "config"),
		"FLEDGE_STATE_DIR":  filepath.Join(dir, "state"),
		"FLEDGE_CACHE_DIR":  filepath.Join(dir, "cache"),
		"HOME":              dir,
	}}
	for _, name := range []string{"alice", "bob", "dave", "erin"} {
		a := srv.AddAccount(name, mastotest.AccountOptions{})
		fx.env[strings.ToUpper(name)+"_TOKEN"] = a.Token
	}
	// Two of the sample archive's followed ids, with handles in their bios.
	writeTestFile(t, filepath.Join(dir, "profiles.jsonl"), `{"id_str":"583751717887577737","screen_name":"bobby_bird","name":"Bob","description":"now @bob@masto.example.com"}
{"id_str":"829820801401446245","screen_name":"dave_bird","name":"Dave 🐘 @dave@masto.example.com","description":""}
`)
	fx.yaml = fmt.Sprintf(`version: 1
defaults:
  server: %s
  steps: [match, follow]
  match: {offline: true, profiles: profiles.jsonl}
accounts:
  - {name: alice, archive: %s, token_env: ALICE_TOKEN}
  - {name: erin, archive: %[2]s, token_env: ERIN_TOKEN, follow: {reblogs: false}}
`, srv.URL(), sampleArchive(t))
	return fx
}

func (fx *runFixture) run(t *testing.T, opts *runOptions, asJSON bool) (string, string, error) {
	t.Helper()
	path := filepath.Join(fx.dir, "migration.yaml")
	writeTestFile(t, path, fx.yaml)
	io, _, out, errOut := iostreams.Test()
	f := &factory{IO: io, Globals: &globalOptions{JSON: asJSON}, Now: time.Now, Getenv: func(k string) string { return fx.env[k] }}
	opts.File = path
	err := runRun(context.Background(), f, opts)
	return out.String(), errOut.String(), err
}

func TestRunMatchThenFollow(t *testing.T) {
	fx := newRunFixture(t)
	out, errOut, err := fx.run(t, &runOptions{}, false)
	if err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errOut)
	}
	for _, user := range []string{"alice", "erin"} {
		got := fx.srv.Follows(user)
		slices.Sort(got)
		if want := []string{"bob", "dave"}; !slices.Equal(got, want) {
			t.Errorf("%s follows %v, want %v\nstdout: %s\nstderr: %s", user, got, want, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(fx.dir, "alice.matches.jsonl")); err != nil {
		t.Errorf("match output: %v", err)
	}
	if !strings.Contains(out, "erin\tfollowed\t@bob@masto.example.com") {
		t.Errorf("stdout without account-prefixed results:\n%s", out)
	}

	// A second run sends nothing: every follow is in the journals.
	before := len(fx.srv.Requests())
	out, errOut, err = fx.run(t, &runOptions{}, true)
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, errOut)
	}
	for _, r := range fx.srv.Requests()[before:] {
		if strings.HasSuffix(r.Path, "/follow") {
			t.Errorf("second run sent %s %s", r.Method, r.Path)
		}
	}
	sum := lastEvent(t, out)
	if sum["type"] != "summary" || fmt.Sprint(sum["done"]) != "[alice erin]" {
		t.Errorf("summary %v", sum)
	}
}

func TestRunRevokedTokenFailsOneAccount(t *testing.T) {
	fx := newRunFixture(t)
	fx.srv.RevokeToken(fx.env["ERIN_TOKEN"])
	out, errOut, err := fx.run(t, &runOptions{}, true)
	if code := exitCodeFor(err, false); code != exitPartial {
		t.Fatalf("exit %d (%v), want %d\n%s", code, err, exitPartial, errOut)
	}
	if got := fx.srv.Follows("alice"); len(got) != 2 {
		t.Errorf("alice follows %v: the other account must complete", got)
	}
	var failed, skipped bool
	for _, ev := range events(t, out) {
		if ev["account"] == "erin" && ev["step"] == "follow" && ev["status"] == "failed" {
			failed = strings.Contains(fmt.Sprint(ev["error"]), "refused FLEDGE_TOKEN")
		}
		skipped = skipped || ev["status"] == "skipped"
	}
	if !failed || skipped {
		t.Errorf("want erin's follow failed with the refusal, nothing skipped (follow is last):\n%s", out)
	}
	sum := lastEvent(t, out)
	if fmt.Sprint(sum["failed"]) != "[erin]" || fmt.Sprint(sum["done"]) != "[alice]" {
		t.Errorf("summary %v", sum)
	}

	// Every account refused: exit 4.
	fx.srv.RevokeToken(fx.env["ALICE_TOKEN"])
	_, _, err = fx.run(t, &runOptions{}, false)
	if code := exitCodeFor(err, false); code != exitAuth {
		t.Errorf("all refused: exit %d (%v), want %d", code, err, exitAuth)
	}
}

func TestRunMaxPerRunLeavesWork(t *testing.T) {
	fx := newRunFixture(t)
	out, errOut, err := fx.run(t, &runOptions{MaxPerRun: 1, Parallel: 1}, true)
	if code := exitCodeFor(err, false); code != exitPartial {
		t.Fatalf("exit %d (%v), want 3\n%s", code, err, errOut)
	}
	if n := len(fx.srv.Follows("alice")); n != 1 {
		t.Errorf("alice follows %d accounts, want 1 (--max-per-run 1)", n)
	}
	sum := lastEvent(t, out)
	if fmt.Sprint(sum["work_left"]) != "[alice erin]" {
		t.Errorf("summary %v", sum)
	}
	var partial int
	for _, ev := range events(t, out) {
		if ev["status"] == "partial" && ev["left"] == 1.0 {
			partial++
		}
	}
	if partial != 2 {
		t.Errorf("%d partial follow steps with 1 left, want 2:\n%s", partial, out)
	}
	// The next slice finishes the work.
	if _, errOut, err := fx.run(t, &runOptions{MaxPerRun: 5}, false); err != nil {
		t.Fatalf("second slice: %v\n%s", err, errOut)
	}
	if n := len(fx.srv.Follows("alice")); n != 2 {
		t.Errorf("alice follows %d after the second slice", n)
	}
}

// TestRunFollowBudgetNext: a follow step stopped by the day's budget
// reports the work left and when the server allows more, from the
// step's own result.
func TestRunFollowBudgetNext(t *testing.T) {
	fx := newRunFixtureWith(t, mastotest.Options{Limits: mastotest.Limits{Follows: mastotest.Limit{N: 1, Per: 24 * time.Hour}}})
	out, errOut, err := fx.run(t, &runOptions{Parallel: 1}, true)
	if code := exitCodeFor(err, false); code != exitPartial {
		t.Fatalf("exit %d (%v), want 3\n%s", code, err, errOut)
	}
	var found bool
	for _, ev := range events(t, out) {
		if ev["type"] != "step" || ev["step"] != "follow" || ev["status"] != "partial" {
			continue
		}
		found = true
		next, _ := ev["next"].(string)
		when, perr := time.Parse(time.RFC3339, next)
		if ev["left"] != 1.0 || perr != nil || !when.After(time.Now()) {
			t.Errorf("follow step %v: want 1 left and the next allowed time", ev)
		}
	}
	if !found {
		t.Fatalf("no partial follow step:\n%s", out)
	}
}

// TestRunProfileNeedsYes: a step that would ask on a terminal fails in a
// batch, and its error names the file and the option that says go ahead;
// the steps run in the one order whatever order they are listed in, and
// a failed step skips the later ones.
func TestRunProfileNeedsYes(t *testing.T) {
	fx := newRunFixture(t)
	fx.yaml = strings.Replace(fx.yaml, "steps: [match, follow]", "steps: [import, profile]", 1)
	out, errOut, err := fx.run(t, &runOptions{Parallel: 1}, true)
	if code := exitCodeFor(err, false); code != exitPartial {
		t.Fatalf("exit %d (%v), want 3\n%s", code, err, errOut)
	}
	var failed, skipped int
	for _, ev := range events(t, out) {
		switch {
		case ev["step"] == "profile" && ev["status"] == "failed":
			failed++
			if msg, _ := ev["error"].(string); !strings.Contains(msg, "migration.yaml: profile: {yes: true})") {
				t.Errorf("error %q: want the option to set", msg)
			}
		case ev["step"] == "import" && ev["status"] == "skipped":
			skipped++
		}
	}
	if failed != 2 || skipped != 2 {
		t.Errorf("%d failed profile steps and %d skipped import steps, want 2 and 2:\n%s", failed, skipped, out)
	}
}

func TestRunUnsetTokenVariable(t *testing.T) {
	fx := newRunFixture(t)
	delete(fx.env, "ERIN_TOKEN")
	before := len(fx.srv.Requests())
	_, _, err := fx.run(t, &runOptions{}, false)
	if code := exitCodeFor(err, false); code != exitUsage {
		t.Fatalf("exit %d (%v), want 2", code, err)
	}
	if !strings.Contains(err.Error(), "migration.yaml:8:") || !strings.Contains(err.Error(), "ERIN_TOKEN is not set") {
		t.Errorf("error %q: want the position and the variable's name", err)
	}
	if len(fx.srv.Requests()) != before {
		t.Error("a request was sent although the file was invalid")
	}
}

func events(t *testing.T, out string) []map[string]any {
	t.Helper()
	var evs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		evs = append(evs, ev)
	}
	return evs
}

func lastEvent(t *testing.T, out string) map[string]any {
	evs := events(t, out)
	return evs[len(evs)-1]
}

// An interrupt reports the step it stopped midway as interrupted, not
// failed, and the steps it never reached as skipped (issue 13 §6).
func TestStepEventInterrupted(t *testing.T) {
	tests := []struct {
		sr   steps.Result
		want string
	}{
		{steps.Result{Step: "follow", Status: steps.Interrupted, Err: steps.ErrInterrupted, Seconds: 1.5}, "interrupted"},
		{steps.Result{Step: "follow", Status: steps.Interrupted, Seconds: 0.2}, "interrupted"},
		{steps.Result{Step: "import", Status: steps.Interrupted}, "skipped"},
		{steps.Result{Step: "import", Status: steps.Failed, Err: fmt.Errorf("boom")}, "failed"},
		{steps.Result{Step: "match", Status: steps.Done, Seconds: 0.0123}, "done"},
	}
	for _, tt := range tests {
		ev := stepEventFor("alice", tt.sr)
		if ev.Status != tt.want || ev.Account != "alice" || ev.Step != string(tt.sr.Step) {
			t.Errorf("%v: event %+v, want status %q", tt.sr, ev, tt.want)
		}
	}
	b, err := ui.Line("step", stepEventFor("alice", tests[4].sr))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":"step","account":"alice","step":"match","status":"done","seconds":0.012}` + "\n"; string(b) != want {
		t.Errorf("JSON %s, want %s (seconds, to the millisecond)", b, want)
	}
}
