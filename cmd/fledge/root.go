package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

func systemStreams() *iostreams.IOStreams { return iostreams.System() }

// mainRun builds the command tree, runs it under a context that the first
// SIGINT/SIGTERM cancels, and returns the exit code. A second signal kills
// the process the default way.
func mainRun(args []string, io *iostreams.IOStreams) int {
	f := &factory{
		IO:      io,
		Globals: &globalOptions{},
		Now:     time.Now,
		Getenv:  os.Getenv,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // restore default handling: a second Ctrl-C kills at once
	}()

	root := newRootCmd(f)
	root.SetArgs(args)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	interrupted := ctx.Err() != nil
	code := exitCodeFor(err, interrupted)
	if err != nil && !errors.Is(err, errSilent) {
		path := "fledge"
		if cmd != nil {
			path = cmd.CommandPath()
		}
		printError(io.ErrOut, err, code, f.Globals.JSON, path)
	}
	return code
}

// errSilent ends a command with exit code 1 after it has already said why.
var errSilent = errors.New("silent error")

func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "fledge <command>",
		Short: "Move from Twitter/X to Mastodon and the fediverse",
		Long: `fledge moves people from Twitter/X to Mastodon and the wider fediverse.

It reads your Twitter data archive (the zip from Twitter/X settings, any era
since 2012), finds the fediverse handles of the accounts you followed, follows
them, and imports your tweet history: planned first, paced within the
server's limits, resumable, and never posting anything twice.`,
		Example: `  # Move your account, asking before each step
  fledge login --server https://example.social
  fledge migrate twitter-2024-01-01-abc.zip

  # Look inside an archive (a sample ships with fledge)
  fledge archive inspect archive/testdata/sample-archive.zip

  # Organizers: a directory of a group's fediverse accounts
  fledge directory --handles members.txt -o directory/

  # Scripts: many accounts from a YAML file (fledge run --example)
  fledge run migration.yaml`,
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
		PersistentPreRun: func(*cobra.Command, []string) {
			f.applyGlobals()
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &usageError{err}
	})

	pf := root.PersistentFlags()
	pf.StringVar(&f.Globals.ConfigFile, "config", "", "read preferences from `FILE` (default $XDG_CONFIG_HOME/fledge/config.yaml)")
	pf.BoolVar(&f.Globals.JSON, "json", false, "write machine-readable JSON to stdout")
	pf.CountVarP(&f.Globals.Verbose, "verbose", "v", "say more about what is happening (repeat for more)")
	pf.BoolVar(&f.Globals.NoColor, "no-color", false, "do not use colour (also honours NO_COLOR)")
	pf.BoolVar(&f.Globals.NoProgress, "no-progress", false, "do not draw progress bars")

	root.AddGroup(
		&cobra.Group{ID: "migrate", Title: "Migration commands:"},
		&cobra.Group{ID: "info", Title: "Information commands:"},
	)
	root.AddCommand(
		newArchiveCmd(f),
		newMatchCmd(f),
		newVersionCmd(f),
		newManCmd(f),
		newLoginCmd(f),
		newLogoutCmd(f),
		newWhoamiCmd(f),
		newAccountsCmd(f),
		newFollowCmd(f),
		newBlockCmd(f),
		newMuteCmd(f),
		newExportCmd(f),
		newDirectoryCmd(f),
		newImportCmd(f),
		newUndoCmd(f),
		newRunCmd(f),
		newStatusCmd(f),
		newProfileCmd(f),
		newMigrateCmd(f),
	)
	for _, t := range helpTopics() {
		root.AddCommand(t)
	}
	return root
}

// exactArgs is cobra.ExactArgs with a usage error, so a missing argument
// exits with code 2 and a hint.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s expects %s", cmd.CommandPath(), what)
		}
		return nil
	}
}
