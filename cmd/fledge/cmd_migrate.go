package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/steps"
)

type migrateOptions struct {
	Archive string
	Steps   []string
	Yes     bool
	DryRun  bool
	Restart bool
	Account string
	Server  string

	List       string
	Profiles   []string
	Offline    bool
	Visibility string
	Include    []string
	Since      string
	Until      string
	Max        int
	NoWait     bool

	guardFlags // match (and follow, when it matches the archive itself)
}

// The steps of a migration, as the state file names them; package steps
// holds their one running order.
const (
	stepLogin   = string(steps.Login)
	stepInspect = string(steps.Inspect)
	stepMatch   = string(steps.Match)
	stepFollow  = string(steps.Follow)
	stepProfile = string(steps.Profile)
	stepImport  = string(steps.Import)
)

var migrateStepNames = steps.Strings(steps.Order)

func newMigrateCmd(f *factory) *cobra.Command {
	opts := &migrateOptions{}
	cmd := &cobra.Command{
		Use:     "migrate ARCHIVE",
		Short:   "Move to Mastodon in one guided run: log in, match, follow, profile, import",
		GroupID: "migrate",
		Long: `Move from Twitter/X to your Mastodon account in one guided run, step by step:

  login    log in (or use the stored account, --account, or FLEDGE_SERVER
           and FLEDGE_TOKEN)
  inspect  summarize what the archive holds
  match    find the fediverse handles of the accounts you follow
  follow   show the matches, then follow them (--list NAME: into a list)
  profile  show the changes, then copy your name, bio, links and pictures
  import   show the plan and how long it takes, then repost your tweets

On a terminal fledge asks before each step that sends or changes
anything: y runs it, n leaves it for next time, skip never offers it
again, quit stops. --yes answers yes to everything (needed when not on a
terminal); --steps picks steps; --dry-run runs every step in dry-run mode
and changes nothing (it needs no login: without one, steps plan with
Mastodon's defaults and say so). Not on a terminal, follow and import do not sit out
long rate-limit waits: they stop and leave the rest for the next run.

Running the same command again continues where it stopped: steps done or
skipped are not offered again, and a step with work left (the day's
follow budget, a --max slice of the import, posts that failed) continues
from its journal, so nothing is sent twice. The migration's progress is
kept in migrate-<archive id>.json in the account's state directory
(fledge status shows the journals); --restart forgets it (the journals
still prevent duplicates).

An archive lists followed accounts by id only: without profiles (a capture
from your browser, see 'fledge help capture'; a profiles file; the Twitter
API) the match step finds nothing, says how to get them and stays open.
Run again with --profiles following.har: the step remembers the profile
sources it used and matches again when given a new one, without
--restart; accounts the new one lacks keep their earlier matches, and the
follow step is offered again.` + "\n\n" + exitStatus(
			exitCase{exitOK, "when every chosen step is done"},
			exitCase{exitUsage, "for a mistake in the command, or no terminal without --yes"},
			exitCase{exitPartial, "when a step has work left or was not run (run the same command again to continue)"},
			exitCase{exitAuth, ""},
			exitCase{exitNotLoggedIn, "when no account is logged in and the login step is not chosen (a --dry-run needs no login)"},
			exitCase{exitInterrupted, ""}),
		Example: `  # The whole migration, asking before each step, with the profiles of
  # the accounts you follow saved from your browser (fledge help capture)
  fledge migrate twitter-2024-01-01-abc.zip --profiles following.har

  # See what every step would do; change nothing
  fledge migrate --dry-run twitter.zip

  # Unattended (e.g. from cron): follow and import, 100 of each per run
  fledge migrate --yes --steps match,follow,import --max 100 twitter.zip`,
		Args: exactArgs(1, "one archive (a .zip file or its extracted folder)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Archive = args[0]
			return runMigrate(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&opts.Steps, "steps", nil, "run only these `STEPS` (comma-separated: "+strings.Join(migrateStepNames, ", ")+")")
	fl.BoolVarP(&opts.Yes, "yes", "y", false, "run every step without asking")
	addOption(cmd, &opts.DryRun, steps.DryRun.Help("run every step in dry-run mode: show what would happen, change nothing"))
	fl.BoolVar(&opts.Restart, "restart", false, "forget which steps an earlier run finished and offer them all again")
	addAccountFlag(cmd, &opts.Account)
	fl.StringVar(&opts.Server, "server", "", "when not logged in: log in to `URL` (default: FLEDGE_SERVER)")
	addOption(cmd, &opts.List, steps.List.Help("follow: also add the accounts to the list `NAME`"))
	addOption(cmd, &opts.Profiles, steps.Profiles.Help("match, profile: read Twitter profiles from `FILE`: a browser capture (HAR), JSON lines or CSV (repeatable)"))
	addOption(cmd, &opts.Offline, steps.Offline.Help("match: do not verify handles over the network"))
	addGuardFlags(cmd, &opts.guardFlags, "match: ")
	addOption(cmd, &opts.Visibility, steps.Visibility.Help("import: "+steps.Visibility.Usage))
	addOption(cmd, &opts.Include, steps.Include.Help("import: "+steps.Include.Usage))
	addOption(cmd, &opts.Since, steps.Since.Help("import: "+steps.Since.Usage))
	addOption(cmd, &opts.Until, steps.Until.Help("import: "+steps.Until.Usage))
	addOption(cmd, &opts.Max, steps.Max.Help("follow, import: at most `N` follows and N posts in this run (0: no limit)"))
	addOption(cmd, &opts.NoWait, steps.NoWait.Help("follow, import: "+steps.NoWait.Usage))
	_ = cmd.RegisterFlagCompletionFunc("steps", cobra.FixedCompletions(migrateStepNames, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// parseMigrateSteps checks --steps and puts the steps in running order;
// none given means all.
func parseMigrateSteps(list []string) ([]string, error) {
	if list == nil {
		return slices.Clone(migrateStepNames), nil
	}
	chosen, err := steps.Parse(list)
	if err != nil {
		return nil, usageErrorf("--steps: %v", err)
	}
	if len(chosen) == 0 {
		return nil, usageErrorf("--steps: name at least one step (%s)", strings.Join(migrateStepNames, ", "))
	}
	return steps.Strings(chosen), nil
}

// migration is one run of fledge migrate.
type migration struct {
	f           *factory // the command's own: its questions and lines
	sf          *factory // what the steps run with (see stepFactory)
	opts        *migrateOptions
	steps       []string // chosen, in running order
	interactive bool
	out         *batchOutput // JSON events under --json
	streams     []*accountWriter

	key     string // user@domain: where the state and journals live
	account string // --account handed to the steps ("" for FLEDGE_TOKEN)
	state   *migrateState
	matches string // the matches file follow reads
	tmpDir  string // a dry run's matches, removed at the end
	thisRun map[string]string
	inputs  []string // the match step's, this run (see matchInputs)

	mu   sync.Mutex
	step string
}

func runMigrate(ctx context.Context, f *factory, opts *migrateOptions) error {
	steps, err := parseMigrateSteps(opts.Steps)
	if err != nil {
		return err
	}
	if opts.Max < 0 {
		return usageErrorf("--max cannot be negative")
	}
	m := &migration{f: f, opts: opts, steps: steps, interactive: !opts.Yes && !opts.DryRun,
		out: newBatchOutput(f), thisRun: map[string]string{}}
	if m.interactive && !f.IO.CanPrompt() {
		return usageErrorf("fledge migrate asks before each step, but stdin or stderr is not a terminal; pass --yes to run the steps without asking (or --dry-run to see what they would do)")
	}
	fp, err := archiveFingerprint(opts.Archive)
	if err != nil {
		return err
	}
	m.sf = m.stepFactory(opts.Account)
	defer func() {
		if m.tmpDir != "" {
			os.RemoveAll(m.tmpDir)
		}
	}()
	if err := m.connect(ctx); err != nil {
		return err
	}
	p, err := f.paths()
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(opts.Archive)
	if err != nil {
		return err
	}
	if m.state, err = m.loadState(p, abs, fp); err != nil {
		return err
	}
	if opts.Restart {
		clear(m.state.Steps)
	}
	if slices.Contains(steps, stepMatch) {
		m.inputs = m.matchInputs()
		m.reopenMatch()
	}
	if m.key != "" {
		m.matches = p.Matches(m.key, fp)
	}
	if slices.Contains(steps, stepLogin) && m.thisRun[stepLogin] == "" {
		if err := m.record(stepLogin, stepRecord{Status: stateDone}); err != nil {
			return err
		}
	}
	m.reportEarlier()
	runErr := m.runSteps(ctx)
	if ctx.Err() != nil {
		return errInterrupted
	}
	if runErr != nil {
		return runErr
	}
	return m.summary()
}

// stepFactory is the factory the steps run with. For people it is the
// command's own. Under --json every line a step writes becomes a
// "result" event naming the step, as in fledge run, so stdout stays one
// JSON object per line.
func (m *migration) stepFactory(name string) *factory {
	if !m.f.Globals.JSON {
		return m.f
	}
	out, errOut := m.out.accountStreams(name, m.currentStep)
	m.streams = []*accountWriter{out, errOut}
	io := &iostreams.IOStreams{In: m.f.IO.In, Out: out, ErrOut: errOut}
	io.SetStdinTTY(m.f.IO.IsStdinTTY())
	g := m.f.Globals
	return &factory{
		IO:         io,
		Globals:    &globalOptions{ConfigFile: g.ConfigFile, JSON: true, Verbose: g.Verbose, NoColor: true, NoProgress: true},
		Now:        m.f.Now,
		Getenv:     m.f.Getenv,
		tuneClient: m.f.tuneClient,
	}
}

func (m *migration) currentStep() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.step
}

func (m *migration) setStep(s string) {
	m.mu.Lock()
	m.step = s
	m.mu.Unlock()
}

func (m *migration) flushStreams() {
	for _, w := range m.streams {
		w.flush()
	}
}
