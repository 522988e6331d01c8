package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
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

// addOldKindFlags keeps match's old way to pick a list, one flag per list
// (--followers, --blocks, --mutes), working for scripts: hidden, with a
// note that --kind replaces it.
func addOldKindFlags(cmd *cobra.Command, opts *matchOptions) {
	fl := cmd.Flags()
	fl.BoolVar(&opts.Followers, "followers", false, "match the archive's followers")
	fl.BoolVar(&opts.Blocks, "blocks", false, "match the archive's blocked accounts")
	fl.BoolVar(&opts.Mutes, "mutes", false, "match the archive's muted accounts")
	for _, name := range []string{"followers", "blocks", "mutes"} {
		deprecateFlag(cmd, name, "use --kind "+name)
	}
}

// kind is the archive list the options select: --kind, or one of its old
// spellings; two that disagree are a usage error.
func (o *matchOptions) kind() (archive.AccountKind, error) {
	name := o.Kind
	if name == "" {
		name = "following"
	}
	kind, err := parseListKind(name)
	if err != nil {
		return kind, err
	}
	var old []string
	for _, k := range []struct {
		on   bool
		name string
	}{{o.Followers, "followers"}, {o.Blocks, "blocks"}, {o.Mutes, "mutes"}} {
		if k.on {
			old = append(old, k.name)
		}
	}
	switch {
	case len(old) > 1:
		return kind, usageErrorf("--%s and --%s pick different lists: give one, as --kind %s", old[0], old[1], old[0])
	case len(old) == 1 && o.kindSet && old[0] != name:
		return kind, usageErrorf("--%s and --kind %s pick different lists: give only --kind", old[0], name)
	case len(old) == 1:
		return parseListKind(old[0])
	}
	return kind, nil
}

// pickedList tells whether the options name a list at all (--kind or an
// old spelling): only an archive has lists.
func (o *matchOptions) pickedList() bool { return o.kindSet || o.Followers || o.Blocks || o.Mutes }
