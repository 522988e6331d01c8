package main

import (
	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/matcher"
)

// verifyFlags say where profiles come from and how handles are checked;
// fledge match and fledge directory share them, and commands that match on
// the side (follow, migrate) start from defaultVerifyFlags.
type verifyFlags struct {
	Offline bool
	Refresh bool
	guardFlags
	NoReverse   bool
	Instances   []string
	Concurrency int
	TwitterAPI  string
}

func defaultVerifyFlags() verifyFlags {
	return verifyFlags{Instances: matcher.DefaultReverseInstances, Concurrency: matcher.DefaultConcurrency, TwitterAPI: "auto"}
}

func addVerifyFlags(cmd *cobra.Command, v *verifyFlags) {
	d := defaultVerifyFlags()
	fl := cmd.Flags()
	fl.BoolVar(&v.Offline, "offline", false, "do not verify handles over the network")
	fl.BoolVar(&v.Refresh, "refresh", false, "ignore cached verification results")
	addGuardFlags(cmd, &v.guardFlags, "")
	fl.BoolVar(&v.NoReverse, "no-reverse", false, "do not look accounts up on the fediverse side")
	fl.StringSliceVar(&v.Instances, "instances", d.Instances, "servers to try screen_name@`HOST` on for reverse lookup")
	fl.IntVar(&v.Concurrency, "concurrency", d.Concurrency, "at most `N` verification requests at once (at most 2 per host)")
	fl.StringVar(&v.TwitterAPI, "twitter-api", d.TwitterAPI, "the Twitter `API` to ask for profiles: auto (v2 when a token is set), v2, v1, off")
	_ = cmd.RegisterFlagCompletionFunc("twitter-api", cobra.FixedCompletions([]string{"auto", "v2", "v1", "off"}, cobra.ShellCompDirectiveNoFileComp))
}

// archiveMatchFlags are the match options of commands that also accept an
// archive (follow, block, mute): they match it first.
type archiveMatchFlags struct {
	Profiles []string
	Offline  bool
	guardFlags
}

func addArchiveMatchFlags(cmd *cobra.Command, m *archiveMatchFlags) {
	cmd.Flags().StringArrayVar(&m.Profiles, "profiles", nil, "with an archive: read Twitter profiles from `FILE` for matching: a browser capture (HAR), JSON lines or CSV (as in fledge match)")
	cmd.Flags().BoolVar(&m.Offline, "offline", false, "with an archive: do not verify matched handles over the network")
	addGuardFlags(cmd, &m.guardFlags, "with an archive: ")
}
