package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/fledge-cli/fledge/importer/directory"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/internal/ui"
)

// printDirectory reports the accounts not found on stdout (the organizer's
// to-do list: JSON lines with --json) and the totals and files on stderr
// (a JSON summary line on stdout with --json).
func printDirectory(f *factory, d *directory.Directory, files []string, dryRun bool) {
	p := f.printer()
	for _, u := range d.Unmatched {
		p.Data("unmatched", u, unmatchedText(u))
	}
	warning := ""
	if w := d.FollowLimitWarning(); w != nil {
		warning = w.Error()
		if !p.JSON() {
			p.Warn("%s", warning)
		}
	}
	verb := "wrote"
	if dryRun {
		verb = "dry run: would write"
	}
	text := fmt.Sprintf("directory: %d people on %d servers, %d not found yet", d.Len(), len(d.Servers), len(d.Unmatched))
	for _, name := range files {
		text += "\n" + verb + " " + name
	}
	if !dryRun && d.Len() > 0 {
		text += "\nshare directory.html (or directory.md) with the group; lists.csv imports everyone in one upload"
	}
	p.Report("summary", struct {
		Members   int      `json:"members"`
		Servers   int      `json:"servers"`
		Unmatched int      `json:"unmatched"`
		ListName  string   `json:"list_name"`
		DryRun    bool     `json:"dry_run,omitempty"`
		Files     []string `json:"files"`
		Warning   string   `json:"warning,omitempty"`
	}{d.Len(), len(d.Servers), len(d.Unmatched), d.ListName, dryRun, files, warning}, text)
}

// unmatchedText is an account not found, as a line of the to-do list.
func unmatchedText(u directory.Unmatched) string {
	line := "not found\t" + ui.Cell(u.Label())
	if u.Name != "" {
		line += " (" + ui.Cell(u.Name) + ")"
	}
	line += "\t" + u.Reason.Explain()
	if len(u.Candidates) > 0 {
		line += "\t" + ui.Cell(strings.Join(u.Candidates, ", "))
	}
	return line
}

// createDirectoryList builds the list on the user's account. Mastodon
// only takes accounts the user follows (or, since 4.3, has asked to) as
// list members, so this is a follow run with --list: each member is
// followed first, paced and journalled, then added. The alternative —
// adding only the members already followed and reporting the rest —
// would leave most of a new organizer's list empty; following is also
// what Mastodon's own lists.csv import does. The job name is the one
// `fledge follow --list NAME` gives the same accounts, so either command
// resumes the other's journal.
func createDirectoryList(ctx context.Context, f *factory, d *directory.Directory, opts *directoryOptions) error {
	targets := d.Targets()
	if len(targets) == 0 {
		f.printer().Message("list %q: nobody to add", opts.CreateList)
		return nil
	}
	c, ref, err := f.followClient(ctx, opts.Account, opts.Wait)
	if err != nil {
		return err
	}
	srv := adapter.NewFollower(c)
	cfg := follow.Config{
		Targets: targets, Wait: opts.Wait, DryRun: opts.DryRun, List: srv, ListTitle: opts.CreateList,
		NoThreads: adapter.CannotFollowThreads(ctx, c, targets),
	}
	jr, err := f.openJobJournal(ref, "follow", jobName("follow", targets, opts.CreateList), len(targets), opts.DryRun)
	if err != nil {
		return err
	}
	defer jr.Close()
	if jr.Journal != nil {
		cfg.Journal = jr.Journal
	}
	out := newResultPrinter(f, fmt.Sprintf("list %q", opts.CreateList))
	cfg.OnResult = out.result
	var progDone func()
	cfg.OnProgress, progDone = followProgress(f, len(targets), "members", "building the list")
	sum, plan, err := follow.Follow(ctx, srv, cfg)
	progDone()
	if err != nil {
		return explainAuth(err, ref)
	}
	if p := f.printer(); p.JSON() {
		// The directory's own line is "summary"; this one is the list's.
		p.Report("list_summary", struct {
			List     string `json:"list"`
			ToFollow int    `json:"to_follow,omitempty"`
			follow.Summary
		}{opts.CreateList, plan.ToFollow, sum}, "")
	} else {
		if opts.DryRun {
			out.plan(plan, sum)
		}
		out.summary(sum)
	}
	return listExit(sum, opts.DryRun)
}

// listExit decides the exit code of building the list as fledge follow
// does: 3 when members failed or are left for a later run (the day's
// follow budget, the follow cap, a rate limit), saying when to run again.
func listExit(sum follow.Summary, dryRun bool) error {
	switch {
	case dryRun:
		return nil
	case sum.Failed() > 0:
		return &partialError{fmt.Sprintf("%d members failed; run the same command again to retry them", sum.Failed())}
	}
	return leftError("members", steps.Outcome{Left: sum.Left, Next: sum.ResumeAt, Detail: sum.Message}, nil)
}
