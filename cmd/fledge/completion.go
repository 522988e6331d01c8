package main

import (
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/journal"
)

// Shell completion of values that are not fixed: the stored accounts and
// the journalled jobs. Enum values are completed where addOption binds a
// flag to its declaration (step_options.go).
//
// A completion runs on every tab, often before anything is set up, so it
// reads files without changing them (no chmod of credentials.yaml) and
// only what it needs (a journal's first line), and answers nothing rather
// than an error.

// addValueCompletions gives every --account flag in the tree the stored
// accounts and every --job flag the journalled jobs, so a command that
// declares one gets its completion without saying so.
func addValueCompletions(root *cobra.Command, f *factory) {
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("account") != nil {
			_ = c.RegisterFlagCompletionFunc("account", completeAccounts(f))
		}
		if c.Flags().Lookup("job") != nil {
			_ = c.RegisterFlagCompletionFunc("job", completeJobs(f))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// enumCompletion completes one of values that starts with what is typed;
// for a comma-separated list (list true) it completes the item after the
// last comma, keeps the items before it and offers none of them again.
func enumCompletion(values []string, list bool) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		prefix := ""
		if i := strings.LastIndex(toComplete, ","); list && i >= 0 {
			prefix = toComplete[:i+1]
		}
		done := strings.Split(strings.TrimSuffix(prefix, ","), ",")
		var out []cobra.Completion
		for _, v := range values {
			if !slices.Contains(done, v) && strings.HasPrefix(prefix+v, toComplete) {
				out = append(out, prefix+v)
			}
		}
		directive := cobra.ShellCompDirectiveNoFileComp
		if list {
			directive |= cobra.ShellCompDirectiveNoSpace
		}
		return out, directive
	}
}

// completeAccounts completes the keys of the accounts in credentials.yaml
// (user@domain; never anything else from the file).
func completeAccounts(f *factory) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return storedAccountKeys(f), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeAccountArg completes a command's single account argument.
func completeAccountArg(f *factory) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return storedAccountKeys(f), cobra.ShellCompDirectiveNoFileComp
	}
}

func storedAccountKeys(f *factory) []string {
	p, err := f.paths()
	if err != nil {
		return nil
	}
	data, err := os.ReadFile(p.Credentials())
	if err != nil {
		return nil
	}
	creds, err := config.ParseCredentials(p.Credentials(), data)
	if err != nil {
		return nil
	}
	var keys []string
	for _, a := range creds.Accounts() {
		keys = append(keys, a.Key)
	}
	return keys
}

// completeJobs completes the import jobs journalled for the account given
// with --account on the same line, or, without one, for every account
// (import's --job and undo's JOB name import jobs only).
func completeJobs(f *factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return jobNames(f, cmd), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeJobArg completes a command's single job argument.
func completeJobArg(f *factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return jobNames(f, cmd), cobra.ShellCompDirectiveNoFileComp
	}
}

func jobNames(f *factory, cmd *cobra.Command) []string {
	p, err := f.paths()
	if err != nil {
		return nil
	}
	var dirs []string
	if fl := cmd.Flags().Lookup("account"); fl != nil && fl.Value.String() != "" {
		key, err := config.NormalizeAccountKey(fl.Value.String())
		if err != nil {
			return nil
		}
		dirs = []string{p.AccountDir(key)}
	} else {
		ents, _ := os.ReadDir(p.State)
		for _, e := range ents {
			if e.IsDir() {
				dirs = append(dirs, p.AccountDir(e.Name()))
			}
		}
	}
	var names []string
	for _, d := range dirs {
		jobs, _ := journal.JobNames(d)
		for _, job := range jobs {
			if journal.JobKind(d, job) == "import" {
				names = append(names, job)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
