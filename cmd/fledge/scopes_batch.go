package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/fledge-cli/fledge/internal/batch"
	"github.com/fledge-cli/fledge/internal/steps"
)

// Checking the scopes of every chosen step before the first one starts,
// so that fledge migrate and fledge run do not stop halfway, at the
// profile or the import step, for a permission the token never had.

// jobUses is the work a migration file's account does through the API.
func jobUses(j *batch.Job) []stepUse {
	var uses []stepUse
	for _, s := range j.Steps {
		list, _ := j.Option(s, steps.List.Key)
		uses = append(uses, stepUses(s, list != "")...)
	}
	return uses
}

// checkMigrationScopes reports, for each stored account of the file, what
// its token cannot do, from the scopes stored at login: no server is
// asked. A dry run only warns. Accounts with a token variable, or stored
// without scopes, are checked when their first step starts.
func checkMigrationScopes(f *factory, file *batch.File, dryRun bool) error {
	creds, err := f.credentials()
	if err != nil {
		return err
	}
	var errs batch.Errors
	for _, j := range file.Jobs {
		if j.Account == "" {
			continue
		}
		a, ok := creds.Account(j.Account)
		if !ok {
			continue // checkMigration has said so
		}
		if problem := scopeProblem(a.Scopes, jobUses(j)); problem != "" {
			msg := fmt.Sprintf("account %q: this token cannot %s: %s", j.Name, problem, scopeFix(storedRef(a, "")))
			errs = append(errs, &batch.Error{Pos: j.CredentialPos, Msg: msg})
		}
	}
	switch {
	case len(errs) == 0:
		return nil
	case dryRun:
		for _, e := range errs {
			f.printer().Warn("%v", e)
		}
		return nil
	}
	return &authError{errs}
}

// checkScopesOnce checks the token of an account of fledge run against
// the work of all its steps, at the first step that talks to the server
// (before any that writes): stored scopes, or the app's as its server
// reports them.
func (a *accountRun) checkScopesOnce(ctx context.Context) error {
	if a.scopesChecked {
		return nil
	}
	a.scopesChecked = true
	uses := jobUses(a.job)
	if len(uses) == 0 || a.opts.DryRun {
		return nil // a dry run's steps warn for themselves
	}
	c, ref, err := a.f.MastodonClient(ctx, "")
	if err != nil {
		return err
	}
	return a.f.needScopes(ctx, c, ref, false, uses...)
}

// checkScopes checks the token against the work of every step this run
// of fledge migrate may run, before the first one. A dry run's steps
// warn for themselves.
func (m *migration) checkScopes(ctx context.Context) error {
	if m.opts.DryRun {
		return nil
	}
	var uses []stepUse
	for _, s := range m.steps {
		// The match step reopens a finished follow step.
		if m.state.finished(s) && (s != stepFollow || !slices.Contains(m.steps, stepMatch)) {
			continue
		}
		uses = append(uses, stepUses(steps.Name(s), m.opts.List != "")...)
	}
	if len(uses) == 0 {
		return nil
	}
	c, ref, err := m.sf.MastodonClient(ctx, m.account)
	if err != nil {
		return err
	}
	return m.sf.needScopes(ctx, c, ref, false, uses...)
}
