package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/fledge-cli/fledge/internal/batch"
	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/steps"
)

// accountRun is one account of a batch: its own factory (environment,
// streams, Mastodon clients), its steps, and how they went.
type accountRun struct {
	f    *factory
	job  *batch.Job
	opts *runOptions
	out  *batchOutput

	stdout, stderr *accountWriter
	mu             sync.Mutex
	step           string
	key            string // user@domain, once known: the journals' directory
	scopesChecked  bool   // the token's scopes, for every step, before the first
}

func newAccountRun(f *factory, j *batch.Job, opts *runOptions, out *batchOutput) *accountRun {
	a := &accountRun{job: j, opts: opts, out: out}
	a.stdout, a.stderr = out.accountStreams(j.Name, a.currentStep)
	a.f = f.forAccount(j, a.stdout, a.stderr)
	if j.Account != "" {
		a.key = j.Account
	}
	return a
}

func (a *accountRun) currentStep() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.step
}

// forAccount derives a factory for one account of a batch: the same
// clock and environment, except that FLEDGE_ACCOUNT, or FLEDGE_SERVER and
// FLEDGE_TOKEN, select the account, and its own streams. The steps' run
// functions then run as the commands would. No terminal: a batch never prompts and draws no
// progress bars (lines of many accounts would mix).
func (f *factory) forAccount(j *batch.Job, out, errOut *accountWriter) *factory {
	over := map[string]string{envAccount: "", envServer: "", envToken: ""}
	if j.TokenEnv != "" {
		over[envServer] = j.Server
		over[envToken] = f.Getenv(j.TokenEnv)
	} else {
		over[envAccount] = j.Account
	}
	parent := f.Getenv
	g := f.Globals
	io := &iostreams.IOStreams{In: &bytes.Buffer{}, Out: out, ErrOut: errOut}
	io.DisableColor()
	io.DisableProgress()
	return &factory{
		IO:      io,
		Globals: &globalOptions{ConfigFile: g.ConfigFile, JSON: g.JSON, Verbose: g.Verbose, NoColor: true, NoProgress: true},
		Now:     f.Now,
		Getenv: func(k string) string {
			if v, ok := over[k]; ok {
				return v
			}
			return parent(k)
		},
		tuneClient: f.tuneClient,
	}
}

// run runs the account's steps in the one order through the step
// runner: a step that fails skips the later ones.
func (a *accountRun) run(ctx context.Context) accountResult {
	res := accountResult{Name: a.job.Name, Status: "done"}
	r := &steps.Runner{Steps: a.job.Steps, Run: a.runStep, Now: a.f.Now, After: func(sr steps.Result) error {
		ev := stepEventFor(a.job.Name, sr)
		res.Left += sr.Left
		switch sr.Status {
		case steps.Left:
			if res.Status == "done" {
				res.Status = "partial"
			}
			if sr.Err != nil && res.Err == "" {
				res.Err = sr.Err.Error()
			}
		case steps.Interrupted:
			res.Status, res.Err = "failed", "interrupted"
		case steps.Failed:
			res.Status, res.Err = "failed", sr.Err.Error()
			res.Auth = exitCodeFor(sr.Err, false) == exitAuth
		}
		a.out.step(ev)
		return nil
	}}
	_, _ = r.RunAll(ctx) // the hook has recorded every result
	return res
}

// stepEventFor is the event of a step the runner finished. A step the
// interrupt stopped midway is "interrupted" (not failed: running again
// goes on); one it never reached is "skipped".
func stepEventFor(account string, sr steps.Result) stepEvent {
	ev := stepEvent{Account: account, Step: string(sr.Step), Left: sr.Left, Seconds: seconds(sr.Seconds), Next: sr.Next.UTC()}
	switch sr.Status {
	case steps.Done:
		ev.Status = "done"
	case steps.Left:
		ev.Status = "partial"
	case steps.Skipped:
		ev.Status = "skipped"
	case steps.Interrupted:
		ev.Status = "skipped"
		if sr.Err != nil || sr.Seconds > 0 {
			ev.Status = "interrupted" // it was under way
		}
	case steps.Failed:
		ev.Status = "failed"
	}
	if sr.Err != nil && ev.Status != "skipped" {
		ev.Error = sr.Err.Error()
	}
	return ev
}

// runStep runs one step with its typed options from the migration file
// and returns how it went: done, left (work for a later run) or failed.
func (a *accountRun) runStep(ctx context.Context, s steps.Name) steps.Result {
	a.mu.Lock()
	a.step = string(s)
	a.mu.Unlock()
	a.out.step(stepEvent{Account: a.job.Name, Step: string(s), Status: "started"})
	err := a.connect(ctx, s)
	var out steps.Outcome
	if err == nil {
		out, err = a.execute(ctx, s)
	}
	a.stdout.flush()
	a.stderr.flush()
	if a.opts.DryRun {
		out = steps.Outcome{}
	}
	var ue *usageError
	if errors.As(err, &ue) && strings.Contains(err.Error(), "--yes") {
		// The command asks for a flag; in a batch it is an option.
		err = fmt.Errorf("%s (in %s: %s: {yes: true})", err.Error(), a.job.Pos.File, s)
	}
	return stepResult(out, err, ctx.Err() != nil)
}

// connect learns which account the token belongs to before the first
// step that talks to the server: the account's journals live under
// user@domain, and a refused token fails the account here, once. There
// too it checks that the token may do what all the steps do.
func (a *accountRun) connect(ctx context.Context, s batch.Step) error {
	if !batch.NeedsServer(s) {
		return nil
	}
	if a.key != "" {
		return a.checkScopesOnce(ctx)
	}
	c, ref, err := a.f.MastodonClient(ctx, "")
	if a.opts.DryRun && isNotLoggedIn(err) {
		return nil // the steps' dry runs go on without an account
	}
	if err != nil {
		return err
	}
	self, err := c.VerifyCredentials(ctx)
	if err != nil {
		return explainAuth(err, ref)
	}
	p, err := c.Profile(ctx)
	if err != nil {
		return explainAuth(err, ref)
	}
	a.key = strings.ToLower(self.Username + "@" + p.Domain)
	return a.checkScopesOnce(ctx)
}

// execute runs the step's run function with the typed options the
// migration file gives it and the batch-wide settings (--dry-run,
// --wait/--no-wait, --max), exactly as the command typed by hand
// with those flags would run.
func (a *accountRun) execute(ctx context.Context, s batch.Step) (steps.Outcome, error) {
	var none steps.Outcome
	j, o := a.job, a.opts
	switch s {
	case steps.Match:
		return none, runMatch(ctx, a.f, matchOptionsFor(j.MatchOptions()))
	case steps.Follow:
		fo := j.FollowOptions(o.MaxPerRun)
		fo.DryRun, fo.Wait = o.DryRun, o.Wait
		return runFollow(ctx, a.f, fo)
	case steps.Profile:
		p := j.ProfileOptions()
		p.DryRun = o.DryRun
		return none, runProfile(ctx, a.f, &profileOptions{ProfileOptions: p})
	case steps.Import:
		im := j.ImportOptions(o.MaxPerRun)
		im.DryRun, im.NoWait = o.DryRun, !o.Wait
		return runImport(ctx, a.f, &importOptions{ImportOptions: im})
	}
	return none, fmt.Errorf("no step %q", s)
}
