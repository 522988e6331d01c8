package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/internal/ui"
)

// followOptions are the follow step's typed options and the flags that
// fill them.
type followOptions struct {
	steps.FollowOptions
	NoWait  bool
	reblogs bool              // --reblogs; Reblogs points here when given
	notify  bool              // --notify; Notify points here when given
	match   archiveMatchFlags // with an archive; copied into Match
}

func newFollowCmd(f *factory) *cobra.Command {
	opts := &followOptions{}
	cmd := &cobra.Command{
		Use:     "follow MATCHES|ARCHIVE",
		Short:   "Follow the matched accounts on your server",
		GroupID: "migrate",
		Long: `Follow every account of a matches file (the jsonl, json or csv written by
"fledge match", or a Mastodon following_accounts.csv) on your server. Given an
archive instead, fledge first matches the accounts you followed on Twitter,
as "fledge match ARCHIVE" would.

Each handle is looked up on your server, then resolved over WebFinger if the
server does not know it yet. A moved account is replaced by the account it
moved to (and reported). Accounts you already follow and your own account are
skipped. fledge stops before Mastodon's follow cap (7,500, or 1.1 × your
followers beyond that) and says so.

Mastodon allows 400 new follows per UTC day. fledge paces itself within that
budget and shows an ETA. When the budget is spent it waits for the next day
(the default on a terminal) or, with --no-wait (the default otherwise, e.g.
from cron), stops and says when to run again. Every follow is written to a
journal under $XDG_STATE_HOME/fledge/<account>/ first, so running the same
command again skips what is done and retries what failed.

With --list NAME the accounts are also added to that list (created if there
is none with that title). Servers that accept only approved follows as list
members get the pending ones added on a later run.` + "\n\n" + exitStatus(
			exitCase{exitOK, "when everything is done"},
			exitCase{exitPartial, "when some accounts failed or are left for a later run (the day's budget, --max)"},
			exitCase{exitAuth, ""}, exitCase{exitNotLoggedIn, ""}),
		Example: `  # See what would happen and how long it would take
  fledge follow --dry-run matches.jsonl

  # Follow, without boosts, into a list
  fledge follow --reblogs=false --list "From Twitter" matches.jsonl

  # From cron: at most 100 per run, never wait
  fledge follow --max 100 --no-wait --json matches.jsonl`,
		Args: exactArgs(1, "one matches file or archive"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Input = args[0]
			if opts.Wait && opts.NoWait {
				return usageErrorf("--wait and --no-wait exclude each other")
			}
			if !cmd.Flags().Changed("wait") && !opts.NoWait {
				opts.Wait = f.IO.IsStderrTTY()
			}
			if cmd.Flags().Changed("reblogs") {
				opts.Reblogs = &opts.reblogs
			}
			if cmd.Flags().Changed("notify") {
				opts.Notify = &opts.notify
			}
			m := opts.match
			opts.Match = steps.ArchiveMatch{Profiles: m.Profiles, Offline: m.Offline, Guard: steps.Guard(m.guardFlags)}
			out, err := runFollow(cmd.Context(), f, opts.FollowOptions)
			return leftError("accounts", out, err)
		},
	}
	addAccountFlag(cmd, &opts.Account)
	addOption(cmd, &opts.reblogs, steps.Reblogs)
	addOption(cmd, &opts.notify, steps.Notify)
	addOption(cmd, &opts.Languages, steps.Languages)
	addOption(cmd, &opts.Max, steps.Max.Help("send at most `N` follows in this run (0: no limit)"))
	addOption(cmd, &opts.Wait, steps.Wait.Help("wait for the next day's budget (default on a terminal)"))
	addOption(cmd, &opts.NoWait, steps.NoWait.Help("stop when the day's budget is spent (default when not on a terminal)"))
	addOption(cmd, &opts.DryRun, steps.DryRun.Help("print what would be done and how long it would take; change nothing"))
	addOption(cmd, &opts.List, steps.List)
	addArchiveMatchFlags(cmd, &opts.match)
	return cmd
}

// runFollow follows the accounts of a matches file (or of an archive,
// matched first) and returns how many are left for a later run and when
// the server allows more. fledge migrate and fledge run call it as their
// follow step.
func runFollow(ctx context.Context, f *factory, opts steps.FollowOptions) (steps.Outcome, error) {
	var none steps.Outcome
	if opts.Max < 0 {
		return none, usageErrorf("--max must be 0 or more")
	}
	m := opts.Match
	targets, err := targetsFor(ctx, f, opts.Input, archive.KindFollowing, archiveMatchFlags{Profiles: m.Profiles, Offline: m.Offline, guardFlags: guardFlags(m.Guard)})
	if err != nil {
		return none, err
	}
	c, ref, err := f.followClient(ctx, opts.Account, opts.Wait)
	if err != nil {
		if opts.DryRun && isNotLoggedIn(err) {
			return followDryRunNoLogin(ctx, f, opts, targets)
		}
		return none, err
	}
	if err := f.needScopes(ctx, c, ref, opts.DryRun, alone(stepWork(steps.Follow, opts.List != "")...)...); err != nil {
		return none, err
	}
	srv := adapter.NewFollower(c)
	cfg := follow.Config{
		Targets: targets, Max: opts.Max, Wait: opts.Wait, DryRun: opts.DryRun, ListTitle: opts.List,
		Options:   follow.Options{Languages: opts.Languages, Reblogs: opts.Reblogs, Notify: opts.Notify},
		NoThreads: adapter.CannotFollowThreads(ctx, c, targets),
	}
	if opts.List != "" {
		cfg.List = srv
	}
	jr, err := f.openJobJournal(ref, "follow", jobName("follow", targets, opts.List), len(targets), opts.DryRun)
	if err != nil {
		return none, err
	}
	defer jr.Close()
	if jr.Journal != nil {
		cfg.Journal = jr.Journal
	}
	out := newResultPrinter(f, "follow")
	cfg.OnResult = out.result
	var progDone func()
	cfg.OnProgress, progDone = followProgress(f, len(targets), "follows", "following")
	sum, plan, err := follow.Follow(ctx, srv, cfg)
	progDone()
	if err != nil {
		return none, explainAuth(err, ref)
	}
	if opts.DryRun {
		out.plan(plan, sum)
	}
	out.summary(sum)
	if opts.DryRun {
		return none, nil
	}
	left := steps.Outcome{Left: sum.Left, Next: sum.ResumeAt, Detail: sum.Message}
	if sum.Failed() > 0 {
		return left, &partialError{fmt.Sprintf("%d accounts failed; run the same command again to retry them", sum.Failed())}
	}
	return left, nil
}

// resultPrinter writes one line per account to stdout (JSON lines with
// --json) and the summary, through the command's printer.
type resultPrinter struct {
	p    ui.Printer
	verb string
	now  func() time.Time
}

func newResultPrinter(f *factory, verb string) *resultPrinter {
	return &resultPrinter{p: f.printer(), verb: verb, now: f.Now}
}

func (p *resultPrinter) result(r follow.Result) {
	line := string(r.Status) + "\t@" + r.Handle
	if r.Account != "" && r.Account != r.Handle {
		line += "\t→ @" + r.Account
	}
	if r.Earlier {
		line += "\t(earlier run)"
	}
	if r.List != "" {
		line += "\tlist: " + r.List
	}
	if r.Reason != "" {
		line += "\t" + r.Reason
	}
	p.p.Data("result", r, line)
}

func (p *resultPrinter) plan(plan follow.Plan, sum follow.Summary) {
	p.p.Report("plan", struct {
		ToFollow int       `json:"to_follow"`
		ETA      time.Time `json:"eta"`
	}{plan.ToFollow, plan.ETA.UTC()},
		p.planLine(plan, sum))
}

// planLine says what a dry run would follow and when the server's pace
// lets it finish; with nothing to follow there is no time to tell.
func (p *resultPrinter) planLine(plan follow.Plan, sum follow.Summary) string {
	switch {
	case sum.Total == 0:
		return "dry run: nothing to follow (no matched accounts)"
	case plan.ToFollow == 0:
		return fmt.Sprintf("dry run: would follow 0 of %d accounts (nothing left to follow)", sum.Total)
	}
	when := "that is done by " + plan.ETA.UTC().Format("2006-01-02 15:04 UTC")
	if p.now != nil && plan.ETA.Sub(p.now()) < 10*time.Minute {
		when = "that takes a few minutes"
	}
	return fmt.Sprintf("dry run: would follow %d of %d accounts; at the server's pace %s", plan.ToFollow, sum.Total, when)
}

// statusWords names a status in a summary: "already" says what was
// already done ("2 already followed of 2", not "2 already of 2").
func (p *resultPrinter) statusWords(s follow.Status) string {
	if s == follow.StatusAlready {
		if past, ok := map[string]string{"follow": "followed", "block": "blocked", "mute": "muted"}[p.verb]; ok {
			return "already " + past
		}
	}
	return strings.ReplaceAll(string(s), "_", " ")
}

func (p *resultPrinter) summary(sum follow.Summary) {
	var parts []string
	for _, s := range []follow.Status{follow.StatusFollowed, follow.StatusRequested, follow.StatusBlocked, follow.StatusMuted,
		follow.StatusMoved, follow.StatusAlready, follow.StatusPlanned, follow.StatusNotFound, follow.StatusSkipped, follow.StatusFailed} {
		if n := sum.Counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, p.statusWords(s)))
		}
	}
	msg := fmt.Sprintf("%s: %s of %d", p.verb, strings.Join(parts, ", "), sum.Total)
	switch {
	case len(parts) == 0 && sum.Earlier > 0:
		msg = fmt.Sprintf("%s: nothing left to do (%d done by earlier runs)", p.verb, sum.Earlier)
	case len(parts) == 0 && sum.Total == 0 && strings.Contains(p.verb, " "):
		msg = p.verb + ": no accounts, nothing to do"
	case len(parts) == 0 && sum.Total == 0:
		msg = p.verb + ": nothing to " + p.verb
	case len(parts) == 0:
		msg = fmt.Sprintf("%s: nothing to do of %d", p.verb, sum.Total)
	case sum.Earlier > 0:
		msg += fmt.Sprintf(" (%d from earlier runs)", sum.Earlier)
	}
	if sum.ListPending > 0 {
		msg += fmt.Sprintf("; %d list additions wait for approval and are retried next run", sum.ListPending)
	}
	if sum.Left > 0 {
		msg += fmt.Sprintf("\n%d left: %s", sum.Left, sum.Message)
	}
	p.p.Report("summary", sum, msg)
}
