package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/matcher"
)

const envTwitterToken = "FLEDGE_TWITTER_BEARER_TOKEN"

type matchOptions struct {
	Archive  string
	Profiles []string
	Handles  string
	Kind     string // --kind: the archive's list to match ("" is following)
	kindSet  bool   // --kind was given, not its default
	// The old spellings of --kind, kept for scripts.
	Followers bool
	Blocks    bool
	Mutes     bool

	verifyFlags

	Format string
	Output string

	ExcludeFollowing       string
	ExcludeFollowingServer bool
	Account                string
}

func newMatchCmd(f *factory) *cobra.Command {
	opts := &matchOptions{}
	cmd := &cobra.Command{
		Use:     "match [ARCHIVE]",
		Short:   "Find the fediverse handles of the accounts you follow on Twitter",
		GroupID: "migrate",
		Long:    matchLong,
		Example: matchExample,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("%s takes at most one archive", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Archive = args[0]
			}
			opts.kindSet = cmd.Flags().Changed("kind")
			return runMatch(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Profiles, "profiles", nil, "read Twitter profiles from `FILE`: a browser capture (HAR), JSON lines or CSV (repeatable)")
	fl.StringVar(&opts.Handles, "handles", "", "match the accounts listed in `FILE` (screen names or ids) instead of the archive's")
	addOption(cmd, &opts.Kind, steps.ListKind.Help("match the archive's `LIST`: following, followers, blocks or mutes"))
	addOldKindFlags(cmd, opts)
	addVerifyFlags(cmd, &opts.verifyFlags)
	fl.StringVar(&opts.Format, "format", "", "output `FORMAT`: table, csv, jsonl, json (default table on a terminal, jsonl otherwise)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of stdout")
	fl.StringVar(&opts.ExcludeFollowing, "exclude-following", "", "leave out accounts in Mastodon's exported following_accounts.csv `FILE`")
	fl.BoolVar(&opts.ExcludeFollowingServer, "exclude-following-server", false, "leave out accounts the logged-in account already follows")
	addAccountFlag(cmd, &opts.Account)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"table", "csv", "jsonl", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runMatch(ctx context.Context, f *factory, opts *matchOptions) error {
	format := opts.Format
	if format == "" {
		switch {
		case f.Globals.JSON:
			format = "jsonl"
		case f.IO.IsStdoutTTY() && opts.Output == "":
			format = "table"
		default:
			format = "jsonl"
		}
	}
	switch format {
	case "table", "csv", "jsonl", "json":
	default:
		return usageErrorf("--format %q: want table, csv, jsonl or json", format)
	}
	if f.Globals.JSON && format == "csv" {
		// A CSV file for Mastodon is no JSON; table and json are still
		// given as asked, with the summary as JSON lines on stderr.
		return usageErrorf("--json writes JSON lines; leave out --format csv, or --json")
	}
	cfg, err := buildMatchConfig(ctx, f, opts)
	if err != nil {
		return err
	}
	defer closeProfileStores(cfg.Sources)
	kind, _ := opts.kind()
	cov := newMatchCoverage(opts, kind).failOnNone()
	cov.watch(&cfg)

	out, closeOut, err := openMatchOutput(f, opts.Output, format)
	if err != nil {
		return err
	}
	sum, sourceErrs, runErr := runMatchPipeline(ctx, f, cfg, out)
	if cerr := closeOut(runErr == nil); runErr == nil && cerr != nil {
		runErr = cerr
	}
	if runErr != nil {
		return runErr
	}
	if cw, ok := out.(*matcher.MastodonCSVWriter); ok {
		p := f.printer()
		if w := cw.CSV.Warning(); w != nil {
			p.Warn("%v", w)
		}
		for _, name := range cw.Files() {
			p.Message("wrote %s", name)
		}
	}
	printMatchSummary(f, sum)
	cov.print(f, sum, cfg.Accounts)
	if err := cov.noData(sum); err != nil {
		return err
	}
	if sourceErrs > 0 {
		return &partialError{fmt.Sprintf("%d profile source error(s); the accounts they would have covered may be unmatched", sourceErrs)}
	}
	return nil
}

// matchLong is fledge match's help.
var matchLong = `Find the fediverse handles of Twitter accounts, check each one, and explain why
it was chosen.

The accounts come from an archive (the accounts you follow; --kind followers,
blocks or mutes for its other lists) or from --handles FILE (a list of
screen names or ids: the organizer's case). Their profiles come, in this
order, from --profiles files, fledge's cache of earlier Twitter API answers,
and the Twitter API when FLEDGE_TWITTER_BEARER_TOKEN is set. Accounts whose
bio is unknown are looked up on the fediverse side: your own server's search
(when logged in) and screen_name@instance guesses, accepted only when the
fediverse profile links back to the Twitter account.

Handles are found in display names, bios (t.co links expanded), locations,
URL fields and pinned tweets, in every written form, then verified over
WebFinger (skip with --offline). Hosts come from untrusted text, so private
and loopback addresses are refused unless --allow-private-network is given
(behind a proxy, see --proxy-names); the table says why a handle failed.

--profiles takes a capture from your browser (a HAR file of x.com's
following page, see 'fledge help capture'), JSON lines of Twitter user
objects (API v1.1 or v2 shape, as saved from the API) or CSV with the header
  id,screen_name,name,description,location,url
recognised by content; give it once per file. Without an archive, a
capture's listed users are matched, not the authors of tweets it holds.

People who moved to Bluesky or Threads can be followed from the
fediverse when they turned a bridge on. A Bluesky handle (@x.bsky.social,
or a bsky.app/profile/ link, custom domains too) gives
@x.bsky.social@bsky.brid.gy: a match (status bridged) when Bridgy Fed
answers for it, else listed as not_bridged with the bsky.app link, so you
can ask them. A threads.net or threads.com profile link gives
@x@threads.net, a match when Threads answers for it (GoToSocial servers
cannot follow Threads accounts: fledge follow skips them there and says
so). Offline, neither is a match. Lemmy communities and PeerTube channels
are groups, not the person: listed as communities, never matched.

After the summary fledge says how many accounts had profile data (under
--json a "coverage" line lists the ids without). When none had any, as
with an archive alone, it exits 3 and says how to get them.

Output formats: table (default on a terminal), jsonl (default when piped;
one line per account, also unmatched ones), json, and csv: Mastodon's
following import format, split into files of 20,000 rows with -o.

` + exitStatus(
	exitCase{exitOK, "when the matches are written (accounts without a match are not a failure)"},
	exitCase{exitPartial, "when no account had profile data, or a profile source failed"},
	exitCase{exitAuth, ""},
	exitCase{exitNotLoggedIn, "when --exclude-following-server is given and no account is logged in"})

const matchExample = `  # Match who you follow, with their profiles from your browser
  fledge match twitter-archive.zip --profiles following.har

  # Several captures (following, and a list's members), shown as a table:
  # Bluesky accounts bridged by Bridgy Fed are matches, the others are
  # listed with their bsky.app link
  fledge match twitter-archive.zip --profiles following.har --profiles list.har --format table

  # Offline, from profiles you saved, as a Mastodon import file
  fledge match --offline --profiles following.jsonl --format csv -o following.csv twitter-archive.zip

  # An organizer's list of screen names, only accounts not yet followed
  fledge match --handles group.txt --exclude-following following_accounts.csv --format jsonl`
