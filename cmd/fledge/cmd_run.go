package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/batch"
	"github.com/fledge-cli/fledge/internal/steps"
)

type runOptions struct {
	File      string
	Example   bool
	Check     bool
	Parallel  int
	MaxPerRun int
	DryRun    bool
	Wait      bool
	NoWait    bool
}

// runLong is fledge run's help.
var runLong = `Run the migration a YAML file describes: for each account, its archive, its
server, where its token comes from, and the steps to run (match, follow,
profile, import) with their options. "fledge run --example" prints a
commented file to start from.

The whole file is checked before anything runs: every mistake is reported
with its line and column, unknown keys included, as are unset token
variables, accounts not logged in, missing files, and permissions a logged-in
account's token lacks for its steps (tokens from variables are checked when
their account starts). --check stops there.

Accounts run at once (at most --parallel of them), each paced by its own
server's limits and each step journalled as the single command would, so
running the same file again continues where the last run stopped and sends
nothing twice. An account's steps run in the order fledge migrate runs them
(match, follow, profile, import); a step that fails skips the account's
later steps. A step runs exactly as the command typed by hand
would: "follow: {list: X}" is "fledge follow --list X".

Without a terminal (cron), a step that meets a long rate-limit wait stops
and leaves the rest for the next run (--no-wait); --max N also caps each
follow and import step at N, for regular slices (--max-per-run is its old
spelling).

Output: a line per step on stderr, and the steps' own output with the
account's name in front. With --json, stdout is JSON lines: "step" events
(status started, done, partial, failed or skipped), "result" events
wrapping each line a step wrote, and a final "summary" naming the accounts
done, failed and with work left.` + "\n\n" + exitStatus(
	exitCase{exitOK, "when every account is done"},
	exitCase{exitUsage, "when the file is invalid (nothing ran)"},
	exitCase{exitPartial, "when some accounts failed or have work left, such as the rest of a --max slice or of a day's budget (the summary says which)"},
	exitCase{exitAuth, "when every account failed because its server refused its token (with some accounts fine, a refused token is a failure among others: 3)"},
	exitCase{exitNotLoggedIn, "when the file is valid but names an account that is not logged in (nothing ran; a --dry-run plans such an account without a login, with a warning)"},
	exitCase{exitInterrupted, ""})

func newRunCmd(f *factory) *cobra.Command {
	opts := &runOptions{}
	cmd := &cobra.Command{
		Use:     "run FILE",
		Short:   "Run a scripted migration of one or many accounts from a YAML file",
		GroupID: "migrate",
		Long:    runLong,
		Example: `  # Start from a commented example
  fledge run --example > migration.yaml

  # Check the file, then see what every step would do
  fledge run --check migration.yaml
  fledge run --dry-run migration.yaml

  # From cron: 100 follows and posts per account per run, JSON for logs
  fledge run --max 100 --json migration.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.Example && len(args) > 0 {
				return usageErrorf("--example prints a file; it takes no arguments")
			}
			if opts.Example && f.Globals.JSON {
				return usageErrorf("--example prints a YAML file, not JSON lines; leave out --json")
			}
			if opts.Example {
				return nil
			}
			return exactArgs(1, "one migration file")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Example {
				_, err := fmt.Fprint(f.IO.Out, batch.Example)
				return err
			}
			opts.File = args[0]
			if cmd.Flags().Changed("max") && cmd.Flags().Changed("max-per-run") {
				return usageErrorf("--max-per-run is the old spelling of --max: give only --max")
			}
			if opts.Wait && opts.NoWait {
				return usageErrorf("--wait and --no-wait exclude each other")
			}
			if !cmd.Flags().Changed("wait") && !opts.NoWait {
				opts.Wait = f.IO.IsStderrTTY()
			}
			return runRun(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Example, "example", false, "print a commented example migration file and exit (not with --json)")
	fl.BoolVar(&opts.Check, "check", false, "only check the file: syntax, token variables set, accounts logged in, files present, stored tokens' permissions (no server is asked)")
	fl.IntVar(&opts.Parallel, "parallel", 0, "run at most `N` accounts at once (default: all)")
	addOption(cmd, &opts.MaxPerRun, steps.Max.Help("at most `N` follows and N posts per account in this run (0: no limit)"))
	fl.IntVar(&opts.MaxPerRun, "max-per-run", 0, "at most `N` follows and N posts per account in this run")
	deprecateFlag(cmd, "max-per-run", "use --max")
	addOption(cmd, &opts.DryRun, steps.DryRun.Help("run every step in dry-run mode: show what would happen, change nothing"))
	addOption(cmd, &opts.Wait, steps.Wait)
	addOption(cmd, &opts.NoWait, steps.NoWait.Help("stop a step at a long rate-limit wait (default when not on a terminal)"))
	return cmd
}

func runRun(ctx context.Context, f *factory, opts *runOptions) error {
	if opts.Parallel < 0 || opts.MaxPerRun < 0 {
		return usageErrorf("--parallel and --max cannot be negative")
	}
	file, err := loadMigration(opts.File)
	if err != nil {
		return err
	}
	if err := checkMigration(f, file, opts.DryRun && !opts.Check); err != nil {
		return err
	}
	if err := checkMigrationScopes(f, file, opts.DryRun); err != nil {
		return err
	}
	if opts.Check {
		f.printer().Report("check", struct {
			File     string `json:"file"`
			Accounts int    `json:"accounts"`
		}{opts.File, len(file.Jobs)}, fmt.Sprintf("%s: %d accounts, all valid", opts.File, len(file.Jobs)))
		return nil
	}
	out := newBatchOutput(f)
	results := runBatchAccounts(ctx, f, file.Jobs, opts, out)
	if ctx.Err() != nil {
		return errInterrupted
	}
	return batchSummary(out, results, opts.DryRun)
}

// accountResult is how one account's run ended.
type accountResult struct {
	Name   string
	Status string // done, partial, failed
	Auth   bool   // it failed because the server refused the token
	Left   int
	Err    string
}

// runBatchAccounts runs the jobs on a pool of at most opts.Parallel workers
// (default: all at once) and returns their results in file order.
func runBatchAccounts(ctx context.Context, f *factory, jobs []*batch.Job, opts *runOptions, out *batchOutput) []accountResult {
	n := opts.Parallel
	if n == 0 || n > len(jobs) {
		n = len(jobs)
	}
	results := make([]accountResult, len(jobs))
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = newAccountRun(f, j, opts, out).run(ctx)
		}()
	}
	wg.Wait()
	return results
}

// batchSummary reports the run and decides its exit status.
func batchSummary(out *batchOutput, results []accountResult, dryRun bool) error {
	done, failed, left := []string{}, []string{}, []string{}
	errs := map[string]string{}
	allAuth := true
	for _, r := range results {
		switch r.Status {
		case "done":
			done = append(done, r.Name)
		case "partial":
			left = append(left, r.Name)
		default:
			failed = append(failed, r.Name)
		}
		if r.Err != "" {
			errs[r.Name] = r.Err
		}
		allAuth = allAuth && r.Status == "failed" && r.Auth
	}
	msg := fmt.Sprintf("run: %d accounts: %d done", len(results), len(done))
	if len(failed) > 0 {
		msg += fmt.Sprintf(", %d failed (%s)", len(failed), strings.Join(failed, ", "))
	}
	if len(left) > 0 {
		msg += fmt.Sprintf(", %d with work left (%s)", len(left), strings.Join(left, ", "))
	}
	out.p.Report("summary", struct {
		Accounts int               `json:"accounts"`
		Done     []string          `json:"done"`
		Failed   []string          `json:"failed"`
		WorkLeft []string          `json:"work_left"`
		Errors   map[string]string `json:"errors,omitempty"`
		DryRun   bool              `json:"dry_run,omitempty"`
	}{len(results), done, failed, left, errs, dryRun}, msg)
	switch {
	case len(failed) == 0 && len(left) == 0:
		return nil
	case allAuth:
		return &authError{fmt.Errorf("every account's server refused its token (%s); renew the tokens, then run the same file again", strings.Join(failed, ", "))}
	}
	return &partialError{fmt.Sprintf("%d of %d accounts failed or have work left (%s); run the same file again to continue",
		len(failed)+len(left), len(results), strings.Join(append(failed, left...), ", "))}
}
