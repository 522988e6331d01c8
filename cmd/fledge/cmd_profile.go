package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/importer/profile"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

type profileOptions struct {
	steps.ProfileOptions

	// planShown is set by fledge migrate when its preview already printed
	// the changes, so applying them does not print them again.
	planShown bool
	// willApply is set by fledge migrate, whose dry-run preview is followed
	// by the change: a token that cannot make it stops the preview.
	willApply bool
	// asking is set by fledge migrate's preview, which asks its question
	// next: the plan and its warnings are shown, no dry-run summary.
	asking bool
}

func newProfileCmd(f *factory) *cobra.Command {
	opts := &profileOptions{ProfileOptions: steps.NewProfileOptions()}
	cmd := &cobra.Command{
		Use:     "profile ARCHIVE",
		Short:   "Copy your Twitter profile (name, bio, links, pictures) to your account",
		GroupID: "migrate",
		Long: `Copy the display name, bio, website and location of your Twitter profile, and
your avatar and header picture, to your Mastodon account, and add a profile
field "Twitter" linking to https://twitter.com/<you> so people can find you.

fledge shows what changes, field by field, then what it cannot copy, and
asks before it changes anything ("Make these changes?", as fledge migrate
does; Enter means yes); --yes skips the question (needed when not on a
terminal) and
--dry-run only shows the changes (before you log in: to a new, empty
profile with Mastodon's default limits). Your own profile fields are kept: the
Twitter field is added (or updated) beside them, Website and Location only
when you have no field of that name, and when every field is in use
nothing of yours is replaced; fledge says so instead.

The server's limits are respected: a bio over its limit (500 characters
on Mastodon) is left unchanged and reported, unless --truncate-bio
shortens it; pictures over the size limit or of a type the server does not
take are skipped and reported.

Twitter stores links in bios and the website as t.co links, and the
archive cannot expand them. fledge expands them from your own profile in a
--profiles file (JSON lines, CSV, or a capture of x.com/<you> saved from
your browser), its cache, or the Twitter API (FLEDGE_TWITTER_BEARER_TOKEN).
Otherwise the bio's stay as written and are listed, and a website that is
only a t.co link is left out, with a note saying so.

Pictures fledge set are remembered in the account's state directory, so
running the command again uploads nothing and says "already up to date".` + "\n\n" + exitStatus(
			exitCase{exitOK, "when the profile is up to date (skipped items are warnings)"},
			exitCase{exitPartial, "when the server did not keep part of the change"},
			exitCase{exitAuth, ""},
			exitCase{exitNotLoggedIn, "when no account is logged in (--dry-run shows the changes without one)"}),
		Example: `  # See what would change
  fledge profile --dry-run twitter-archive.zip

  # Copy it without the header picture, expanding links from saved profiles
  fledge profile --yes --no-header --profiles me.jsonl twitter-archive.zip`,
		Args: exactArgs(1, "one archive"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Archive = args[0]
			return runProfile(cmd.Context(), f, opts)
		},
	}
	addAccountFlag(cmd, &opts.Account)
	addOption(cmd, &opts.DryRun, steps.DryRun.Help("show the changes; change nothing"))
	addOption(cmd, &opts.Yes, steps.Yes)
	addOption(cmd, &opts.Profiles, steps.Profiles.Help("read your Twitter profile from `FILE` to expand t.co links (JSON lines or CSV; repeatable)"))
	addOption(cmd, &opts.TwitterAPI, steps.TwitterAPI.Help("the Twitter `API` to ask for your profile: auto (v2 when a token is set), v2, v1, off"))
	addOption(cmd, &opts.NoAvatar, steps.NoAvatar)
	addOption(cmd, &opts.NoHeader, steps.NoHeader)
	addOption(cmd, &opts.TruncateBio, steps.TruncateBio)
	return cmd
}

// runProfile copies the archive's profile to the account. fledge migrate
// and fledge run call it as their profile step.
func runProfile(ctx context.Context, f *factory, opts *profileOptions) error {
	_, err := profileRun(ctx, f, opts)
	return err
}

// profileRun is runProfile that also says whether the profile was already
// up to date (so fledge migrate need not ask about it).
func profileRun(ctx context.Context, f *factory, opts *profileOptions) (upToDate bool, err error) {
	a, err := archive.Open(opts.Archive)
	if err != nil {
		return false, err
	}
	defer a.Close()
	src, err := profile.SourceFromArchive(a)
	if err != nil {
		return false, err
	}
	tw, err := ownTwitterProfile(ctx, f, opts, src.Account)
	if err != nil {
		return false, err
	}

	c, ref, err := f.followClient(ctx, opts.Account, true)
	if err != nil {
		if opts.DryRun && !opts.willApply && isNotLoggedIn(err) {
			return profileDryRunNoLogin(f, opts, src, tw)
		}
		return false, err
	}
	if err := f.needScopes(ctx, c, ref, opts.DryRun && !opts.willApply, profileUses...); err != nil {
		return false, err
	}
	target := adapter.NewProfile(c)
	cur, err := target.Current(ctx)
	if err != nil {
		return false, explainAuth(err, ref)
	}
	sp, err := c.Profile(ctx)
	if err != nil {
		return false, explainAuth(err, ref)
	}
	jr, err := f.openProfileJournal(ref, opts.DryRun)
	if err != nil {
		return false, err
	}
	var jn job.Journal
	if jr != nil {
		defer jr.Close()
		jn = adapter.NewProfileJournal(jr)
	}
	plan, err := profile.NewPlan(src, cur, profile.Options{
		Limits: adapter.ProfileLimits(sp), Twitter: tw, Journal: jn,
		NoAvatar: opts.NoAvatar, NoHeader: opts.NoHeader, TruncateBio: opts.TruncateBio,
	})
	if err != nil {
		return false, err
	}
	return profileFinish(ctx, f, opts, ref, target, plan, jn)
}

// profileFinish shows the plan and, unless it is a dry run or nothing is
// to change, applies it once confirmed.
func profileFinish(ctx context.Context, f *factory, opts *profileOptions, ref accountRef, target profile.Target,
	plan *profile.Plan, jn job.Journal) (upToDate bool, err error) {
	out := profilePrinter{f: f, account: ref.Name()}
	if !opts.planShown {
		out.preview(plan)
	}
	switch {
	case plan.UpToDate():
		out.result(plan, profile.Result{UpToDate: true, After: plan.Current}, opts.DryRun, false)
		return true, nil
	case opts.asking:
		return false, nil // fledge migrate asks next
	case opts.DryRun:
		out.result(plan, profile.Result{After: plan.Current}, true, false)
		return false, nil
	}
	if !opts.Yes {
		if err := confirmProfile(ctx, f, ref.Name()); err != nil {
			return false, err
		}
	}
	res, err := profile.Apply(ctx, target, plan, jn)
	if err != nil {
		return false, explainAuth(err, ref)
	}
	out.result(plan, res, false, true)
	if len(res.Mismatches) > 0 {
		return false, &partialError{"the server did not keep part of the change: " + strings.Join(res.Mismatches, "; ")}
	}
	return false, nil
}

// ownTwitterProfile finds the archive owner's own Twitter profile, for
// its t.co expansions: --profiles files first, then fledge's cache, then
// the Twitter API when a token is set. Not finding it is not an error.
func ownTwitterProfile(ctx context.Context, f *factory, opts *profileOptions, acct archive.Account) (*profiles.Profile, error) {
	var sources []matcher.ProfileSource
	for _, name := range opts.Profiles {
		ps, err := readFile(name, profiles.Read)
		if err != nil {
			return nil, err
		}
		sources = append(sources, profiles.NewStaticSource(ps))
	}
	paths, err := f.paths()
	if err != nil {
		return nil, err
	}
	tws, err := twitterProfileSources(f, opts.TwitterAPI, paths.TwitterProfilesCache())
	if err != nil {
		return nil, err
	}
	p, errs := profile.OwnTwitter(ctx, append(sources, tws...), acct.ID, acct.Username)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if !opts.planShown { // else said with the plan already
		for _, e := range errs {
			f.printer().Warn("your Twitter profile: %v", e)
		}
	}
	return p, nil
}

// profileQuestion is the question before a profile copy, the same in
// fledge profile and fledge migrate.
func profileQuestion(account string) string {
	return fmt.Sprintf("Make these changes to the profile of %s?", account)
}

// confirmProfile asks profileQuestion with fledge migrate's default: an
// empty answer is yes, as in every step of a migration. An answer it does
// not understand is asked again, as migrate does; no, or the end of
// input, changes nothing.
func confirmProfile(ctx context.Context, f *factory, account string) error {
	if !f.IO.CanPrompt() {
		return usageErrorf("not on a terminal: pass --yes to confirm")
	}
	for range maxAsks {
		fmt.Fprintf(f.IO.ErrOut, "%s [Y/n] ", profileQuestion(account))
		line, err := readAnswerLine(ctx, f.IO.In)
		if err != nil {
			fmt.Fprintln(f.IO.ErrOut)
			if errors.Is(err, errInterrupted) {
				return err
			}
			break // end of input: no answer
		}
		switch a, ok := parseAnswer(line); {
		case ok && a == answerYes:
			return nil
		case ok:
			return &partialError{"cancelled; nothing was changed"}
		}
		f.printer().Message("Please answer y (make the changes) or n (change nothing).")
	}
	return &partialError{"cancelled; nothing was changed"}
}
