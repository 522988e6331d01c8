package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/steps"
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
	return verifyFlags{Instances: matcher.DefaultReverseInstances, Concurrency: matcher.DefaultConcurrency, TwitterAPI: steps.TwitterAPI.Default}
}

// addVerifyFlags declares the verify flags from their declarations in
// package steps. The defaults of --instances and --concurrency are the
// matcher's, which steps may not import (a migration file leaves them
// unset to mean the same), so the command gives them here.
func addVerifyFlags(cmd *cobra.Command, v *verifyFlags) {
	d := defaultVerifyFlags()
	addOption(cmd, &v.Offline, steps.Offline)
	addOption(cmd, &v.Refresh, steps.Refresh)
	addGuardFlags(cmd, &v.guardFlags, "")
	addOption(cmd, &v.NoReverse, steps.NoReverse)
	addOption(cmd, &v.Instances, steps.Instances.WithDefault(strings.Join(d.Instances, ",")))
	addOption(cmd, &v.Concurrency, steps.Concurrency.WithDefault(strconv.Itoa(d.Concurrency)))
	addOption(cmd, &v.TwitterAPI, steps.TwitterAPI)
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
