package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
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
	asJSON := f.Globals.JSON
	if err != nil && cmd != nil && !cmd.Runnable() {
		// Only cobra's own search for the command fails on a command that
		// cannot run (`fledge archiv`): a usage error, reported before any
		// flag was parsed.
		err = &usageError{unknownCommand(err)}
	}
	var ue *usageError
	if errors.As(err, &ue) && !asJSON {
		// A flag error stops parsing, perhaps before --json was read.
		asJSON = jsonRequested(args)
	}
	interrupted := ctx.Err() != nil
	code := exitCodeFor(err, interrupted)
	if err != nil && !errors.Is(err, errSilent) {
		path := "fledge"
		if cmd != nil {
			path = cmd.CommandPath()
		}
		printError(io.ErrOut, err, code, asJSON, path)
	}
	return code
}

// unknownCommand puts cobra's "unknown command" error and its suggestions
// on one line, which reads well as text and as a JSON message.
func unknownCommand(err error) error {
	head, tail, ok := strings.Cut(err.Error(), "\n\nDid you mean this?\n")
	if !ok {
		return errors.New(strings.TrimSpace(err.Error()))
	}
	return fmt.Errorf("%s; did you mean %s?", head, strings.Join(strings.Fields(tail), " or "))
}

// jsonRequested reports whether args ask for --json, for errors cobra
// returns before it parses flags.
func jsonRequested(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "--json" {
			return true
		}
		if v, ok := strings.CutPrefix(a, "--json="); ok {
			b, err := strconv.ParseBool(v)
			return err == nil && b
		}
	}
	return false
}

// keepCommandOrder turns off cobra's alphabetical sorting (a package
// variable) once, so that trees built in parallel tests do not race on it.
var keepCommandOrder sync.Once

// errSilent ends a command with exit code 1 after it has already said why.
var errSilent = errors.New("silent error")

func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "fledge COMMAND",
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
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			f.applyGlobals()
			warnDeprecatedFlags(f, cmd)
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &usageError{err}
	})

	pf := root.PersistentFlags()
	pf.StringVar(&f.Globals.ConfigFile, "config", "", "read preferences from `FILE` (default $XDG_CONFIG_HOME/fledge/config.yaml)")
	pf.BoolVar(&f.Globals.JSON, "json", false, "write JSON lines, each with a \"type\" (man and completion write their own formats)")
	// The empty `` gives the flag no placeholder: pflag would show its
	// type name ("count"), which means nothing to a person.
	pf.CountVarP(&f.Globals.Verbose, "verbose", "v", "``say more about what is happening (repeat for more: -vv)")
	pf.BoolVar(&f.Globals.NoColor, "no-color", false, "do not use colour (also honours NO_COLOR)")
	pf.BoolVar(&f.Globals.NoProgress, "no-progress", false, "do not draw progress bars")

	// --version prints what `fledge version` prints, as text or, under
	// --json, as its JSON line; cobra handles the flag because Version is
	// set (before any hook runs, hence the choice in the template), and
	// uses this flag rather than its own.
	b := currentBuild()
	root.Version = b.String()
	root.Annotations = map[string]string{"versionJSON": b.jsonLine()}
	root.SetVersionTemplate(`{{if (.Flags.Lookup "json").Changed}}{{index .Annotations "versionJSON"}}{{else}}{{.Version}}{{end}}` + "\n")
	root.Flags().Bool("version", false, "print fledge's version and exit (the same as fledge version)")

	addJourneyCommands(root, f)
	for _, t := range helpTopics() {
		root.AddCommand(t)
	}
	for _, c := range root.Commands() {
		rejectUnknownSubcommands(c)
	}
	rejectUnknownHelpTopics(root)
	addExitCodesFooter(root)
	addValueCompletions(root, f)
	return root
}

// addJourneyCommands adds the commands in the order of a move, not
// alphabetically; the group of each is decided here, in one place.
func addJourneyCommands(root *cobra.Command, f *factory) {
	keepCommandOrder.Do(func() { cobra.EnableCommandSorting = false })
	journey := []struct {
		group cobra.Group
		cmds  []*cobra.Command
	}{
		{cobra.Group{ID: "migrate", Title: "Move step by step:"}, []*cobra.Command{
			newLoginCmd(f), newArchiveCmd(f), newMatchCmd(f), newFollowCmd(f), newProfileCmd(f), newImportCmd(f)}},
		{cobra.Group{ID: "onego", Title: "Move in one go:"}, []*cobra.Command{
			newMigrateCmd(f), newRunCmd(f)}},
		{cobra.Group{ID: "after", Title: "Check, undo, and more:"}, []*cobra.Command{
			newStatusCmd(f), newUndoCmd(f), newBlockCmd(f), newMuteCmd(f), newExportCmd(f), newDirectoryCmd(f)}},
		{cobra.Group{ID: "info", Title: "Accounts and information:"}, []*cobra.Command{
			newAccountsCmd(f), newWhoamiCmd(f), newLogoutCmd(f), newVersionCmd(f), newManCmd(f)}},
	}
	for _, g := range journey {
		root.AddGroup(&g.group)
		for _, c := range g.cmds {
			c.GroupID = g.group.ID
			root.AddCommand(c)
		}
	}
}

// rejectUnknownHelpTopics makes `fledge help archiv` a usage error; cobra's
// help command says "Unknown help topic" and exits 0. The rest of it (the
// help it prints, the completion of topics) stays cobra's.
func rejectUnknownHelpTopics(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() != "help" || c.Run == nil {
			continue
		}
		show := c.Run
		c.Run = nil
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				if target, _, err := cmd.Root().Find(args); err != nil || target == nil || target == cmd.Root() {
					return usageErrorf("no help on %q; 'fledge --help' lists the commands and help topics", strings.Join(args, " "))
				}
			}
			show(cmd, args)
			return nil
		}
	}
}

// rejectUnknownSubcommands makes a command that only groups others
// (`fledge archive`) print its help when called alone, and fail as a
// usage error on a word it does not know (`fledge archive inspectt`);
// cobra would print the help and exit 0 for both.
func rejectUnknownSubcommands(c *cobra.Command) {
	if !c.HasSubCommands() {
		return
	}
	if !c.Runnable() {
		c.SuggestionsMinimumDistance = 2 // cobra's default for the root
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			err := fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath())
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				err = fmt.Errorf("%w; did you mean %s?", err, strings.Join(s, " or "))
			}
			return &usageError{err}
		}
	}
	for _, sub := range c.Commands() {
		rejectUnknownSubcommands(sub)
	}
}

// addExitCodesFooter ends the help of every command that runs with the
// same line on exit codes, so no command's help can disagree with
// `fledge help exit-codes`.
func addExitCodesFooter(c *cobra.Command) {
	if c.Runnable() {
		if c.Long == "" {
			c.Long = c.Short + "."
		}
		c.Long = strings.TrimRight(c.Long, "\n") + "\n\n" + exitCodesFooter()
	}
	for _, sub := range c.Commands() {
		addExitCodesFooter(sub)
	}
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
