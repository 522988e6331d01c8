package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/fledge-cli/fledge/internal/batch"
	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/journal"
)

// accountRun is one account of a batch: its own factory (environment,
// streams, Mastodon clients), its steps, and how they went.
type accountRun struct {
	parent *factory
	f      *factory
	job    *batch.Job
	opts   *runOptions
	out    *batchOutput

	stdout, stderr *accountWriter
	mu             sync.Mutex
	step           string
	key            string // user@domain, once known: the journals' directory
}

func newAccountRun(f *factory, j *batch.Job, opts *runOptions, out *batchOutput) *accountRun {
	a := &accountRun{parent: f, job: j, opts: opts, out: out}
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
// FLEDGE_TOKEN, select the account, and its own streams. The commands
// then run unchanged. No terminal: a batch never prompts and draws no
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
	return &factory{
		IO:      &iostreams.IOStreams{In: &bytes.Buffer{}, Out: out, ErrOut: errOut},
		Globals: &globalOptions{},
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

func (a *accountRun) run(ctx context.Context) accountResult {
	res := accountResult{Name: a.job.Name, Status: "done"}
	for i, s := range a.job.Steps {
		if ctx.Err() != nil {
			a.skip(a.job.Steps[i:])
			res.Status, res.Err = "failed", "interrupted"
			return res
		}
		a.mu.Lock()
		a.step = string(s)
		a.mu.Unlock()
		status, left, err := a.runStep(ctx, s)
		res.Left += left
		switch status {
		case "partial":
			if res.Status == "done" {
				res.Status = "partial"
			}
			if err != nil && res.Err == "" {
				res.Err = err.Error()
			}
		case "failed":
			res.Status, res.Err = "failed", err.Error()
			res.Auth = exitCodeFor(err, false) == exitAuth
			a.skip(a.job.Steps[i+1:])
			return res
		}
	}
	return res
}

func (a *accountRun) skip(steps []batch.Step) {
	for _, s := range steps {
		a.out.step(stepEvent{Account: a.job.Name, Step: string(s), Status: "skipped"})
	}
}

// runStep runs one step as its command and reports it: done, partial
// (work left for a later run) or failed.
func (a *accountRun) runStep(ctx context.Context, s batch.Step) (string, int, error) {
	ev := stepEvent{Account: a.job.Name, Step: string(s)}
	ev.Status = "started"
	a.out.step(ev)
	start := time.Now()
	err := a.connect(ctx, s)
	if err == nil {
		err = a.execute(ctx, s)
	}
	a.stdout.flush()
	a.stderr.flush()
	ev.Seconds = time.Since(start).Seconds()
	left := a.left(s, start)
	ev.Left = left
	code := exitCodeFor(err, ctx.Err() != nil)
	switch {
	case code == exitOK && left == 0:
		ev.Status = "done"
	case code == exitOK || code == exitPartial:
		ev.Status = "partial"
	default:
		ev.Status = "failed"
	}
	if err != nil {
		ev.Error = err.Error()
		var ue *usageError
		if errors.As(err, &ue) && strings.Contains(ev.Error, "--yes") {
			// The command asks for a flag; in a batch it is an option.
			ev.Error += fmt.Sprintf(" (in %s: %s: {yes: true})", a.job.Pos.File, s)
			err = fmt.Errorf("%s", ev.Error)
		}
	}
	a.out.step(ev)
	return ev.Status, left, err
}

// connect learns which account the token belongs to before the first
// step that talks to the server: the account's journals live under
// user@domain, and a refused token fails the account here, once.
func (a *accountRun) connect(ctx context.Context, s batch.Step) error {
	if a.key != "" || !s.NeedsServer() {
		return nil
	}
	c, ref, err := a.f.MastodonClient(ctx, "")
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
	return nil
}

// execute runs the step's command in-process with the account's factory,
// exactly as `fledge <step> …` would run.
func (a *accountRun) execute(ctx context.Context, s batch.Step) error {
	args := a.job.StepArgs(s, a.opts.MaxPerRun)
	root := newRootCmd(a.f)
	// newRootCmd bound the global flags to a.f.Globals, resetting them;
	// the batch's own settings go in now.
	g := a.parent.Globals
	*a.f.Globals = globalOptions{ConfigFile: g.ConfigFile, JSON: g.JSON, Verbose: g.Verbose, NoColor: true, NoProgress: true}
	cmd, _, err := root.Find(args)
	if err != nil {
		return err
	}
	args = append(args[:len(args)-2:len(args)-2], append(a.runFlags(cmd.Flags().Lookup), args[len(args)-2:]...)...)
	root.SetArgs(args)
	root.SetIn(a.f.IO.In)
	root.SetOut(a.f.IO.Out)
	root.SetErr(a.f.IO.ErrOut)
	_, err = root.ExecuteContextC(ctx)
	return err
}

// runFlags are the batch-wide flags a step's command takes.
func (a *accountRun) runFlags(lookup func(string) *pflag.Flag) []string {
	var extra []string
	if a.opts.DryRun && lookup("dry-run") != nil {
		extra = append(extra, "--dry-run")
	}
	switch {
	case a.opts.Wait && lookup("wait") != nil:
		extra = append(extra, "--wait")
	case !a.opts.Wait && lookup("no-wait") != nil:
		extra = append(extra, "--no-wait")
	}
	return extra
}

// left counts the work a step's journals still hold, from the jobs of
// the step's kind that the step wrote to.
func (a *accountRun) left(s batch.Step, since time.Time) int {
	if a.key == "" || a.opts.DryRun {
		return 0
	}
	return journalLeft(a.f, a.key, string(s), since)
}

// journalLeft counts the work left in the account's journals of one kind
// (follow, import) that were written since a step started. fledge migrate
// uses it too.
func journalLeft(f *factory, key, kind string, since time.Time) int {
	p, err := f.paths()
	if err != nil {
		return 0
	}
	jobs, err := journal.ListAccount(filepath.Join(p.State, key))
	if err != nil {
		return 0
	}
	n := 0
	for _, j := range jobs {
		if j.Err != nil || j.Kind != kind || j.Updated.Before(since.Add(-time.Second)) {
			continue
		}
		n += j.Counts.Left()
	}
	return n
}
