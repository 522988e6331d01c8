package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/steps"
)

type graphOptions struct {
	Input             string
	Account           string
	Action            follow.GraphAction
	Yes               bool
	DryRun            bool
	HideNotifications bool
	Force             bool
	Match             archiveMatchFlags
}

func newBlockCmd(f *factory) *cobra.Command {
	opts := &graphOptions{Action: follow.ActionBlock}
	cmd := &cobra.Command{
		Use:     "block MATCHES|ARCHIVE",
		Short:   "Block the matched accounts of your Twitter block list",
		GroupID: "migrate",
		Long: `Block, on your server, the fediverse accounts matched to the accounts you
blocked on Twitter. MATCHES is what "fledge match --kind blocks" wrote (jsonl,
json or csv), or a Mastodon blocked_accounts.csv.
Given an archive instead, its blocked list is matched first. A matches file
of the accounts you follow is refused unless --force.

fledge shows how many accounts it will block and asks before it starts;
--yes skips the question (needed when not on a terminal). Accounts already
blocked and your own account are skipped. Every block is journalled, so
running the same command again skips what is done and retries what failed.` + "\n\n" + graphExitStatus(),
		Example: `  fledge block --dry-run blocked.jsonl
  fledge block --yes blocked.jsonl`,
		Args: exactArgs(1, "one matches file or archive"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Input = args[0]
			return runGraph(cmd.Context(), f, opts)
		},
	}
	addGraphFlags(cmd, opts)
	return cmd
}

func addGraphFlags(cmd *cobra.Command, opts *graphOptions) {
	addAccountFlag(cmd, &opts.Account)
	addOption(cmd, &opts.Yes, steps.Yes)
	addOption(cmd, &opts.DryRun, steps.DryRun.Help("print what would be done; change nothing"))
	addArchiveMatchFlags(cmd, &opts.Match)
	cmd.Flags().BoolVar(&opts.Force, "force", false, "act on a matches file of the accounts you follow too")
}

func runGraph(ctx context.Context, f *factory, opts *graphOptions) error {
	kind := archive.KindBlocks
	if opts.Action == follow.ActionMute {
		kind = archive.KindMutes
	}
	targets, err := targetsFor(ctx, f, opts.Input, kind, opts.Match)
	if err != nil {
		return err
	}
	if t, ok := follow.FromFollowing(targets); ok && !opts.Force {
		return usageErrorf("%s holds the accounts you follow (@%s among them), not your Twitter %s list: "+
			"match that list with `fledge match ARCHIVE --kind %s -o %s.jsonl` and pass the file, or pass --force to %s them anyway",
			opts.Input, t.Handle, kind, kind, kind, opts.Action)
	}
	c, ref, err := f.followClient(ctx, opts.Account, true)
	if err != nil {
		return err
	}
	if err := f.needScopes(ctx, c, ref, opts.DryRun, graphUses(opts.Action)...); err != nil {
		return err
	}
	if !opts.DryRun && !opts.Yes && len(targets) > 0 {
		if err := confirm(f, fmt.Sprintf("%s up to %d accounts?", strings.ToUpper(string(opts.Action[:1]))+string(opts.Action[1:]), len(targets))); err != nil {
			return err
		}
	}
	jr, err := f.openJobJournal(ref, string(opts.Action), jobName(string(opts.Action), targets, ""), len(targets), opts.DryRun)
	if err != nil {
		return err
	}
	defer jr.Close()
	out := newResultPrinter(f, string(opts.Action))
	cfg := follow.GraphConfig{Action: opts.Action, Targets: targets, DryRun: opts.DryRun,
		HideNotifications: opts.HideNotifications, Journal: jr.Journal, OnResult: out.result}
	sum, err := follow.Graph(ctx, adapter.NewFollower(c), cfg)
	if err != nil {
		return explainAuth(err, ref)
	}
	out.summary(sum)
	switch {
	case opts.DryRun:
		return nil
	case sum.Failed() > 0:
		return &partialError{fmt.Sprintf("%d accounts failed; run the same command again to retry them", sum.Failed())}
	case sum.Left > 0:
		return &partialError{fmt.Sprintf("%d accounts left: %s", sum.Left, sum.Message)}
	}
	return nil
}

// confirm asks a yes/no question on a terminal; elsewhere it asks for
// --yes instead of guessing.
func confirm(f *factory, question string) error {
	if !f.IO.CanPrompt() {
		return usageErrorf("not on a terminal: pass --yes to confirm")
	}
	fmt.Fprintf(f.IO.ErrOut, "%s [y/N] ", question)
	line, err := bufio.NewReader(f.IO.In).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("read the answer: %w", err)
	}
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		return &partialError{"cancelled; nothing was changed"}
	}
	return nil
}

// graphExitStatus is the "Exit status:" paragraph of fledge block and
// fledge mute, which end alike.
func graphExitStatus() string {
	return exitStatus(
		exitCase{exitOK, "when all are done"},
		exitCase{exitPartial, "when some failed or are left for a later run, or the question was answered no"},
		exitCase{exitAuth, ""}, exitCase{exitNotLoggedIn, ""})
}
