package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/steps"
)

// addOption declares a flag from an option's one declaration (package
// steps): its name, shorthand, default and help, and its allowed values
// for shell completion. p is where the value goes; its type follows the
// option's kind.
func addOption(cmd *cobra.Command, p any, o steps.Option) {
	fl := cmd.Flags()
	switch v := p.(type) {
	case *string:
		fl.StringVarP(v, o.Flag, o.Short, o.Default, o.Usage)
	case *bool:
		fl.BoolVarP(v, o.Flag, o.Short, o.DefaultBool(), o.Usage)
	case *int:
		fl.IntVarP(v, o.Flag, o.Short, o.DefaultInt(), o.Usage)
	case *[]string:
		if o.Kind == steps.KindPaths {
			fl.StringArrayVarP(v, o.Flag, o.Short, nil, o.Usage) // one flag per path: paths may hold commas
		} else {
			fl.StringSliceVarP(v, o.Flag, o.Short, nil, o.Usage)
		}
	default:
		panic(fmt.Sprintf("addOption %s: no flag of type %T", o.Flag, p))
	}
	if len(o.Enum) > 0 {
		_ = cmd.RegisterFlagCompletionFunc(o.Flag, enumCompletion(o.Enum, o.Kind == steps.KindList))
	}
}

// matchOptionsFor are fledge match's options for the match step: its
// defaults, with what the step's typed options set; given an output
// file, JSON lines written to it (fledge run's matches file).
func matchOptionsFor(m steps.MatchOptions) *matchOptions {
	mo := &matchOptions{Archive: m.Archive, Profiles: m.Profiles, verifyFlags: defaultVerifyFlags(), Output: m.Output,
		ExcludeFollowing: m.ExcludeFollowing, ExcludeFollowingServer: m.ExcludeFollowingServer, Account: m.Account}
	if m.Output != "" {
		mo.Format = "jsonl"
	}
	v := &mo.verifyFlags
	v.Offline, v.Refresh, v.guardFlags, v.NoReverse = m.Offline, m.Refresh, guardFlags(m.Guard), m.NoReverse
	if m.Instances != nil {
		v.Instances = m.Instances
	}
	if m.Concurrency > 0 {
		v.Concurrency = m.Concurrency
	}
	if m.TwitterAPI != "" {
		v.TwitterAPI = m.TwitterAPI
	}
	return mo
}
