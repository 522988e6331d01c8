package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/profile"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// Plans need no login: someone deciding whether to move can look at what
// import and profile would do before choosing a server. Without an account
// they plan with Mastodon's defaults, and say so.
const (
	defaultLimitsNote  = "not logged in: planning with Mastodon's default limits (500 characters and 4 media per post, no backdating); log in to plan with your server's own limits"
	defaultProfileNote = "not logged in: showing the changes to a new, empty profile with Mastodon's default limits; log in to compare with your own profile and your server's limits"
	offlineMatchNote   = "not logged in: matched from the archive and profile files only; log in and pass --exclude-following-server to leave out accounts you already follow"
	offlineFollowNote  = "not logged in: every matched account is listed as one to follow, without your server's checks (accounts you already follow, moved or unknown ones) and at Mastodon's default pace; log in to see exactly what would be followed"
)

// isNotLoggedIn reports "there is no account" (exit 5), which a plan may
// go on without. A refused token (exit 4) is not that: it still fails.
func isNotLoggedIn(err error) bool {
	var nl *notLoggedInError
	return errors.As(err, &nl)
}

// importServer is the client and server an import plans for. A plan only
// (--dry-run, --preview) without an account gets no client and
// mastodon.DefaultProfile, after the note saying so.
func importServer(ctx context.Context, f *factory, opts *importOptions) (*mastodon.Client, accountRef, mastodon.ServerProfile, error) {
	c, ref, err := f.followClient(ctx, opts.Account, !opts.NoWait)
	if err != nil {
		if (opts.DryRun || opts.Preview != "") && isNotLoggedIn(err) {
			f.printer().Warn(defaultLimitsNote)
			return nil, accountRef{}, mastodon.DefaultProfile(), nil
		}
		return nil, accountRef{}, mastodon.ServerProfile{}, err
	}
	prof, err := c.Profile(ctx)
	if err != nil {
		return nil, accountRef{}, prof, explainAuth(fmt.Errorf("read what %s allows: %w", hostOf(ref.Server), err), ref)
	}
	return c, ref, prof, nil
}

// planTarget names who and what a plan is for, in the "planning …" line.
func planTarget(ref accountRef, prof mastodon.ServerProfile) string {
	if ref.Server == "" {
		return "no account (Mastodon's default limits)"
	}
	return fmt.Sprintf("%s (%s %s)", ref.Name(), prof.SoftwareName, prof.RawVersion)
}

// estimateLimits are the limits the job's estimate uses: its client's
// pacer, or Mastodon's defaults when planning without an account.
func (j *importJob) estimateLimits() importer.EstimateLimits {
	if j.client == nil {
		return adapter.DefaultEstimateLimits()
	}
	return adapter.EstimateLimits(j.client)
}

// readJournal reads the job's journal; nil without an account.
func (j *importJob) readJournal() (*journal.State, error) {
	if j.client == nil {
		return nil, nil
	}
	return journal.Read(j.journalPath())
}

// profileDryRunNoLogin shows the changes a profile copy would make to a
// new account (empty profile) on a server with Mastodon's defaults.
func profileDryRunNoLogin(f *factory, opts *profileOptions, src profile.Source, tw *profiles.Profile) (bool, error) {
	f.printer().Warn(defaultProfileNote)
	plan, err := profile.NewPlan(src, profile.Current{}, profile.Options{
		Limits: adapter.ProfileLimits(mastodon.DefaultProfile()), Twitter: tw,
		NoAvatar: opts.NoAvatar, NoHeader: opts.NoHeader, TruncateBio: opts.TruncateBio,
	})
	if err != nil {
		return false, err
	}
	out := profilePrinter{f: f, account: "a new Mastodon account"}
	if !opts.planShown {
		out.preview(plan)
	}
	out.result(plan, profile.Result{After: plan.Current}, true, false)
	return false, nil
}

// noteOfflineMatch says what an offline match without an account leaves
// out. Other problems with the account are not this command's to report:
// an offline match does not use it.
func noteOfflineMatch(f *factory, accountFlag string) {
	if _, err := f.Account(accountFlag); isNotLoggedIn(err) {
		f.printer().Warn(offlineMatchNote)
	}
}

// followDryRunNoLogin plans a follow without an account: no server can
// say whom you already follow, so every matched account is one to follow,
// paced by Mastodon's default follow budget. It changes nothing.
func followDryRunNoLogin(ctx context.Context, f *factory, opts steps.FollowOptions, targets []follow.Target) (steps.Outcome, error) {
	f.printer().Warn(offlineFollowNote)
	out := newResultPrinter(f, "follow")
	sum, plan, err := follow.Follow(ctx, adapter.NewOfflineFollower(f.Now), follow.Config{
		Targets: targets, Max: opts.Max, DryRun: true, OnResult: out.result,
	})
	if err != nil {
		return steps.Outcome{}, err
	}
	out.plan(plan, sum)
	out.summary(sum)
	return steps.Outcome{}, nil
}

// dryRunNoLogin sets up a migration's dry run without an account: the
// login step says where it would log in (or that it cannot know), and
// the other steps dry-run as their commands do without a login. Nothing
// is recorded, so there is no state to read either.
func (m *migration) dryRunNoLogin() {
	m.say("Dry run of %s, not logged in: each step shows what it can without an account.", m.opts.Archive)
	if !slices.Contains(m.steps, stepLogin) {
		return
	}
	m.setStep(stepLogin)
	m.say("\n[1/%d] %s", len(m.steps), migrateStepTitles[stepLogin])
	server := m.knownServer()
	if server == "" {
		m.say("login: skipped: no server known (pass --server https://your.server, or set FLEDGE_SERVER, to log in as the first step)")
		m.event(stepLogin, "skipped", 0, 0, "no server known", false)
		m.thisRun[stepLogin] = stateSkipped
		return
	}
	m.say("login: would log in to %s (not logged in)", server)
	m.event(stepLogin, "done", 0, 0, "", false)
}
