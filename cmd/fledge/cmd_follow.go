package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

type followOptions struct {
	Input     string
	Account   string
	Reblogs   bool
	Notify    bool
	Languages []string
	Max       int
	Wait      bool
	NoWait    bool
	DryRun    bool
	List      string
	Match     archiveMatchFlags
}

func newFollowCmd(f *factory) *cobra.Command {
	opts := &followOptions{}
	cmd := &cobra.Command{
		Use:     "follow <matches-file | archive>",
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
members get the pending ones added on a later run.

Exit status: 0 when everything is done (or the day's budget or --max ended
the run), 3 when some accounts failed or are left for another reason, 4 when
the server refused the token (run "fledge login", then the same command).`,
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
			return runFollow(cmd.Context(), f, opts, cmd.Flags().Changed("reblogs"), cmd.Flags().Changed("notify"))
		},
	}
	fl := cmd.Flags()
	addAccountFlag(cmd, &opts.Account)
	fl.BoolVar(&opts.Reblogs, "reblogs", true, "show their boosts in your home feed")
	fl.BoolVar(&opts.Notify, "notify", false, "be notified of their new posts")
	fl.StringSliceVar(&opts.Languages, "languages", nil, "only their posts in these `LANGS` (ISO 639-1, comma-separated)")
	fl.IntVar(&opts.Max, "max", 0, "send at most `N` follows in this run (0: no limit)")
	fl.BoolVar(&opts.Wait, "wait", false, "wait for the next day's budget (default on a terminal)")
	fl.BoolVar(&opts.NoWait, "no-wait", false, "stop when the day's budget is spent (default when not on a terminal)")
	fl.BoolVarP(&opts.DryRun, "dry-run", "n", false, "print what would be done and how long it would take; change nothing")
	fl.StringVar(&opts.List, "list", "", "also add the accounts to the list `NAME`")
	addArchiveMatchFlags(cmd, &opts.Match)
	return cmd
}

func runFollow(ctx context.Context, f *factory, opts *followOptions, reblogsSet, notifySet bool) error {
	if opts.Max < 0 {
		return usageErrorf("--max must be 0 or more")
	}
	targets, err := targetsFor(ctx, f, opts.Input, archive.KindFollowing, opts.Match)
	if err != nil {
		return err
	}
	c, ref, err := f.followClient(ctx, opts.Account, opts.Wait)
	if err != nil {
		return err
	}
	srv := adapter.NewFollower(c)
	cfg := follow.Config{
		Targets: targets, Max: opts.Max, Wait: opts.Wait, DryRun: opts.DryRun, ListTitle: opts.List,
		Options: follow.Options{Languages: opts.Languages}, NoThreads: adapter.CannotFollowThreads(ctx, c, targets),
	}
	if reblogsSet {
		cfg.Options.Reblogs = &opts.Reblogs
	}
	if notifySet {
		cfg.Options.Notify = &opts.Notify
	}
	if opts.List != "" {
		cfg.List = srv
	}
	jr, err := f.openJobJournal(ref, "follow", jobName("follow", targets, opts.List), len(targets), opts.DryRun)
	if err != nil {
		return err
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
		return explainAuth(err, ref)
	}
	if opts.DryRun {
		out.plan(plan, sum)
	}
	out.summary(sum)
	return followExit(sum, opts.DryRun)
}

// followExit decides the exit code: a run ended by the day's budget or
// --max is a normal cron run (0); failures and other stops are partial (3).
func followExit(sum follow.Summary, dryRun bool) error {
	switch {
	case dryRun:
		return nil
	case sum.Failed() > 0:
		return &partialError{fmt.Sprintf("%d accounts failed; run the same command again to retry them", sum.Failed())}
	case sum.Left > 0 && sum.Stop != follow.StopBudget && sum.Stop != follow.StopMax:
		return &partialError{fmt.Sprintf("%d accounts left: %s", sum.Left, sum.Message)}
	}
	return nil
}

// followClient is the account's client, told not to sit out long rate
// limits without --wait (the run stops and says when to go on instead).
func (f *factory) followClient(ctx context.Context, account string, wait bool) (*mastodon.Client, accountRef, error) {
	ref, err := f.Account(account)
	if err != nil {
		return nil, accountRef{}, err
	}
	opts, err := f.clientOptions()
	if err != nil {
		return nil, accountRef{}, err
	}
	if !wait {
		opts.MaxWait = 15 * time.Minute
	}
	c, err := mastodon.New(ref.Server, ref.Token.Reveal(), opts)
	if err != nil {
		return nil, accountRef{}, fmt.Errorf("%s: %w", ref.Name(), err)
	}
	if ref.Key == "" {
		// An environment account: learn user@domain for the state path.
		self, err := c.VerifyCredentials(ctx)
		if err != nil {
			return nil, accountRef{}, explainAuth(err, ref)
		}
		p, err := c.Profile(ctx)
		if err != nil {
			return nil, accountRef{}, err
		}
		ref.Key = strings.ToLower(self.Username + "@" + p.Domain)
	}
	return c, ref, nil
}

// jobName identifies a job by what it acts on, so running the same
// command with the same input resumes its journal.
func jobName(kind string, targets []follow.Target, extra string) string {
	hs := make([]string, 0, len(targets))
	for _, t := range targets {
		hs = append(hs, strings.ToLower(t.Handle))
	}
	slices.Sort(hs)
	h := sha256.New()
	io.WriteString(h, extra+"\n"+strings.Join(hs, "\n"))
	return kind + "-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// resultPrinter writes one line per account to stdout (JSON lines with
// --json) and the summary.
type resultPrinter struct {
	f    *factory
	verb string
	enc  *json.Encoder
}

func newResultPrinter(f *factory, verb string) *resultPrinter {
	p := &resultPrinter{f: f, verb: verb}
	if f.Globals.JSON {
		p.enc = newJSONEncoder(f.IO.Out)
	}
	return p
}

func (p *resultPrinter) result(r follow.Result) {
	if p.enc != nil {
		_ = p.enc.Encode(struct {
			Type string `json:"type"`
			follow.Result
		}{"result", r})
		return
	}
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
	fmt.Fprintln(p.f.IO.Out, line)
}

func (p *resultPrinter) plan(plan follow.Plan, sum follow.Summary) {
	if p.enc != nil {
		_ = p.enc.Encode(struct {
			Type     string    `json:"type"`
			ToFollow int       `json:"to_follow"`
			ETA      time.Time `json:"eta"`
		}{"plan", plan.ToFollow, plan.ETA.UTC()})
		return
	}
	fmt.Fprintf(p.f.IO.ErrOut, "dry run: would follow %d of %d accounts; at the server's pace that is done by %s\n",
		plan.ToFollow, sum.Total, plan.ETA.UTC().Format("2006-01-02 15:04 UTC"))
}

func (p *resultPrinter) summary(sum follow.Summary) {
	if p.enc != nil {
		_ = p.enc.Encode(struct {
			Type string `json:"type"`
			follow.Summary
		}{"summary", sum})
		return
	}
	var parts []string
	for _, s := range []follow.Status{follow.StatusFollowed, follow.StatusRequested, follow.StatusBlocked, follow.StatusMuted,
		follow.StatusMoved, follow.StatusAlready, follow.StatusPlanned, follow.StatusNotFound, follow.StatusSkipped, follow.StatusFailed} {
		if n := sum.Counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(string(s), "_", " ")))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing to do")
	}
	msg := fmt.Sprintf("%s: %s of %d", p.verb, strings.Join(parts, ", "), sum.Total)
	if sum.Earlier > 0 {
		msg += fmt.Sprintf(" (%d from earlier runs)", sum.Earlier)
	}
	if sum.ListPending > 0 {
		msg += fmt.Sprintf("; %d list additions wait for approval and are retried next run", sum.ListPending)
	}
	fmt.Fprintln(p.f.IO.ErrOut, msg)
	if sum.Left > 0 {
		fmt.Fprintf(p.f.IO.ErrOut, "%d left: %s\n", sum.Left, sum.Message)
	}
}

// jobJournal is the journal a follow, block or mute run writes, or a
// read-only view of it for a dry run.
type jobJournal struct {
	job.Journal
	j *journal.Journal
}

func (j *jobJournal) Close() error {
	if j == nil || j.j == nil {
		return nil
	}
	return j.j.Close()
}

// openJobJournal opens (or resumes) the job's journal in the account's
// state directory. A dry run only reads an existing journal, so it can
// say what earlier runs did without taking the job's lock for long.
func (f *factory) openJobJournal(ref accountRef, kind, job string, planned int, dryRun bool) (*jobJournal, error) {
	p, err := f.paths()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(p.State, ref.Key)
	if dryRun {
		if _, err := os.Stat(filepath.Join(dir, job+".jsonl")); err != nil {
			return &jobJournal{}, nil
		}
	}
	j, err := journal.Open(dir, job, journal.Options{Kind: kind, Version: currentBuild().Version, Planned: planned})
	if err != nil {
		return nil, fmt.Errorf("open the journal: %w", err)
	}
	return &jobJournal{Journal: adapter.NewFollowJournal(j), j: j}, nil
}
