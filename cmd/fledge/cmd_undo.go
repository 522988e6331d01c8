package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/journal"
)

type undoOptions struct {
	Job     string
	Account string
	Max     int
	NoWait  bool
	Yes     bool
}

func newUndoCmd(f *factory) *cobra.Command {
	opts := &undoOptions{}
	cmd := &cobra.Command{
		Use:     "undo JOB",
		Short:   "Delete every post an import job created",
		GroupID: "migrate",
		Long: `Delete every status the import job JOB created (see fledge import --status),
newest first. Deletions are journalled like the import, so an interrupted
undo resumes; a post already deleted by hand counts as done.

Mastodon allows 30 deletions per 30 minutes, so undoing a large import
takes a while: fledge waits, or with --max N / --no-wait does a slice.` + "\n\n" + exitStatus(
			exitCase{exitOK, "when everything is deleted (or the --max slice is done)"},
			exitCase{exitPartial, "when deletions failed or are left"},
			exitCase{exitAuth, ""}, exitCase{exitNotLoggedIn, ""}),
		Example: `  fledge undo import-jack --yes
  fledge undo import-jack --max 30 --no-wait`,
		Args:              exactArgs(1, "the import job to undo"),
		ValidArgsFunction: completeJobArg(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Job = args[0]
			return runUndo(cmd.Context(), f, opts)
		},
	}
	addAccountFlag(cmd, &opts.Account)
	cmd.Flags().IntVar(&opts.Max, "max", 0, "delete at most `N` posts in this run")
	cmd.Flags().BoolVar(&opts.NoWait, "no-wait", false, "stop at a long rate-limit wait instead of waiting")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func runUndo(ctx context.Context, f *factory, opts *undoOptions) error {
	if err := journal.ValidJobName(opts.Job); err != nil {
		return usageErrorf("%v", err)
	}
	if opts.Max < 0 {
		return usageErrorf("--max cannot be negative")
	}
	c, ref, err := f.followClient(ctx, opts.Account, !opts.NoWait)
	if err != nil {
		return err
	}
	if err := f.needScopes(ctx, c, ref, false, undoUses...); err != nil {
		return err
	}
	p, err := f.paths()
	if err != nil {
		return err
	}
	dir := p.AccountDir(ref.Key)
	src, err := journal.Read(p.Journal(ref.Key, opts.Job))
	if errors.Is(err, os.ErrNotExist) {
		return usageErrorf("no job %s for %s; see fledge import --status", opts.Job, ref.Name())
	}
	if err != nil {
		return fmt.Errorf("read the journal of %s: %w", opts.Job, err)
	}
	if src.Header.Kind != "import" {
		return usageErrorf("job %s is a %s job; only imports can be undone", opts.Job, src.Header.Kind)
	}
	created := len(src.Keys(journal.StatusDone))
	if !opts.Yes {
		msg := fmt.Sprintf("This deletes the %d posts job %s created on %s.", created, opts.Job, ref.Name())
		if !f.IO.CanPrompt() {
			return usageErrorf("%s Pass --yes to confirm", msg)
		}
		if !askYes(f, msg+" Continue? [y/N] ") {
			return errors.New("undo cancelled; nothing was deleted")
		}
	}
	// Learn the server first: the token is checked before anything is
	// journalled, and the client's retry rules follow the software.
	if _, err := c.Profile(ctx); err != nil {
		return explainAuth(err, ref)
	}
	jr, err := journal.Open(dir, "undo-"+opts.Job, journal.Options{Kind: "undo", Version: currentBuild().Version, Planned: created})
	if err != nil {
		return fmt.Errorf("open the journal: %w", err)
	}
	defer jr.Close()
	pr := newDeletePrinter(f, created)
	pr.paceDeletes(created, c)
	rep, err := importer.Undo(ctx, adapter.NewPoster(c), src, jr, importer.UndoConfig{Max: opts.Max, OnEvent: pr.event, Pace: adapter.DeletePace(c)})
	pr.close()
	if err != nil {
		return explainAuth(err, ref)
	}
	pr.undoReport(rep, opts.Job)
	switch {
	case len(rep.Failed) > 0:
		return &partialError{fmt.Sprintf("%d deletions failed", len(rep.Failed))}
	case rep.Left > 0 && rep.Stopped != "" && rep.Stopped[0] != '-':
		return &partialError{fmt.Sprintf("%d posts left (%s); run the same command again to continue", rep.Left, rep.Stopped)}
	}
	return nil
}
