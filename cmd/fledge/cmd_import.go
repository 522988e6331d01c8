package main

import (
	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/steps"
)

// importOptions are the import step's typed options and what only the
// command has: the preview and the status view.
type importOptions struct {
	steps.ImportOptions
	Preview    string
	PreviewMax int
	Status     bool
}

func newImportCmd(f *factory) *cobra.Command {
	opts := &importOptions{ImportOptions: steps.NewImportOptions()}
	cmd := &cobra.Command{
		Use:     "import ARCHIVE",
		Short:   "Repost your tweets to your Mastodon account, safely and resumably",
		GroupID: "migrate",
		Long: `Repost the tweets of a Twitter/X archive to the account fledge acts as.

fledge first compiles a plan: every tweet becomes posts (split into a
numbered thread when too long for the server, never cut), media groups,
reply and quote links, or a reason it is skipped. Then it posts the plan
oldest first, journalling every step, so an interrupted or rate-limited
import resumes where it stopped and never posts anything twice.
--dry-run and --preview work before you log in: they then plan with
Mastodon's default limits, and say so.

Replies to others, retweets and deleted tweets are skipped unless
--include names them. Mentions never notify anyone unless you pass
--mentions fediverse with --matches FILE. The summary counts the skipped
tweets by reason; their list is in a report file next to the job's journal
(its path is printed), and in the output with --json.

On GoToSocial 0.18 or later posts keep their original date (backdating:
not federated, no notifications). Elsewhere a footer carries the date and
a link to the tweet, posts are unlisted by default, and followers still see
them in their home feeds: import before moving your followers.

Mastodon allows 300 posts per 3 hours and 30 media uploads per 30
minutes, so a large archive takes days. fledge waits with an ETA, or with
--max N / --no-wait does a slice and exits (run it again, e.g. from cron).` + "\n\n" + exitStatus(
			exitCase{exitOK, "when every post is made"}, exitCase{exitAuth, ""},
			exitCase{exitPartial, "when posts failed or are left for a later run (a --max slice, a rate limit with --no-wait)"},
			exitCase{exitNotLoggedIn, "when no account is logged in (--dry-run and --preview plan without one)"}),
		Example: `  fledge import --dry-run twitter.zip
  fledge import --preview plan.html twitter.zip
  fledge import --since 2020-01-01 --include replies --yes twitter.zip
  fledge import --max 100 --no-wait twitter.zip     # one slice, for cron
  fledge import --status`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.Status {
				return cobra.NoArgs(cmd, args)
			}
			return exactArgs(1, "the archive (a .zip file or its extracted folder)")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Status {
				return runImportStatus(cmd.Context(), f, opts)
			}
			opts.Archive = args[0]
			out, err := runImport(cmd.Context(), f, opts)
			return leftError("posts", out, err)
		},
	}
	fl := cmd.Flags()
	addAccountFlag(cmd, &opts.Account)
	addOption(cmd, &opts.Job, steps.Job)
	addOption(cmd, &opts.DryRun, steps.DryRun.Help("plan only: print counts, skip reasons and how long the import will take"))
	fl.StringVar(&opts.Preview, "preview", "", "write the planned posts, with picture thumbnails, to one self-contained HTML `FILE` and stop")
	fl.IntVar(&opts.PreviewMax, "preview-posts", importer.DefaultPreviewPosts, "show the newest `N` posts in the --preview page (the page counts the rest)")
	for _, o := range []struct {
		p   any
		opt steps.Option
	}{
		{&opts.Include, steps.Include}, {&opts.Since, steps.Since}, {&opts.Until, steps.Until},
		{&opts.Grep, steps.Grep}, {&opts.ExcludeGrep, steps.ExcludeGrep}, {&opts.MinLikes, steps.MinLikes},
		{&opts.OnlyMedia, steps.OnlyMedia}, {&opts.IDs, steps.IDs}, {&opts.ExcludeIDs, steps.ExcludeIDs},
		{&opts.Alt, steps.Alt}, {&opts.Matches, steps.Matches}, {&opts.Mentions, steps.Mentions},
		{&opts.Visibility, steps.Visibility}, {&opts.Circle, steps.Circle}, {&opts.Backdate, steps.Backdate},
		{&opts.Footer, steps.Footer}, {&opts.NoFooter, steps.NoFooter}, {&opts.NoLanguage, steps.NoLanguage},
		{&opts.StrictMedia, steps.StrictMedia},
	} {
		addOption(cmd, o.p, o.opt)
	}
	addOption(cmd, &opts.Max, steps.Max.Help("create at most `N` posts in this run"))
	addOption(cmd, &opts.NoWait, steps.NoWait)
	addOption(cmd, &opts.Yes, steps.Yes.Help("do not ask before posting where followers will see it"))
	fl.BoolVar(&opts.Status, "status", false, "show the progress of import jobs and exit")
	addOption(cmd, &opts.Replan, steps.Replan)
	return cmd
}
