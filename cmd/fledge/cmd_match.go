package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/twitter"
	"github.com/fledge-cli/fledge/internal/ui"
	"github.com/fledge-cli/fledge/matcher"
)

const envTwitterToken = "FLEDGE_TWITTER_BEARER_TOKEN"

type matchOptions struct {
	Archive   string
	Profiles  []string
	Handles   string
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
		Use:     "match [<archive>]",
		Short:   "Find the fediverse handles of the accounts you follow on Twitter",
		GroupID: "migrate",
		Long: `Find the fediverse handles of Twitter accounts, check each one, and explain why
it was chosen.

The accounts come from an archive (the accounts you follow; --followers,
--blocks or --mutes for the other lists) or from --handles FILE (a list of
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
following import format, split into files of 20,000 rows with -o.`,
		Example: `  # Match who you follow, with their profiles from your browser
  fledge match twitter-archive.zip --profiles following.har

  # Several captures (following, and a list's members), shown as a table:
  # Bluesky accounts bridged by Bridgy Fed are matches, the others are
  # listed with their bsky.app link
  fledge match twitter-archive.zip --profiles following.har --profiles list.har --format table

  # Offline, from profiles you saved, as a Mastodon import file
  fledge match --offline --profiles following.jsonl --format csv -o following.csv twitter-archive.zip

  # An organizer's list of screen names, only accounts not yet followed
  fledge match --handles group.txt --exclude-following following_accounts.csv --format jsonl`,
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
			return runMatch(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Profiles, "profiles", nil, "read Twitter profiles from `FILE`: a browser capture (HAR), JSON lines or CSV (repeatable)")
	fl.StringVar(&opts.Handles, "handles", "", "match the accounts listed in `FILE` (screen names or ids) instead of the archive's")
	fl.BoolVar(&opts.Followers, "followers", false, "match the archive's followers instead of the accounts you follow")
	fl.BoolVar(&opts.Blocks, "blocks", false, "match the archive's blocked accounts")
	fl.BoolVar(&opts.Mutes, "mutes", false, "match the archive's muted accounts")
	addVerifyFlags(cmd, &opts.verifyFlags)
	fl.StringVar(&opts.Format, "format", "", "output `FORMAT`: table, csv, jsonl, json (default table on a terminal, jsonl otherwise)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of stdout")
	fl.StringVar(&opts.ExcludeFollowing, "exclude-following", "", "leave out accounts in Mastodon's exported following_accounts.csv `FILE`")
	fl.BoolVar(&opts.ExcludeFollowingServer, "exclude-following-server", false, "leave out accounts the logged-in account already follows")
	addAccountFlag(cmd, &opts.Account)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"table", "csv", "jsonl", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

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
	fl.IntVar(&v.Concurrency, "concurrency", d.Concurrency, "most verification requests at once (at most 2 per host)")
	fl.StringVar(&v.TwitterAPI, "twitter-api", d.TwitterAPI, "Twitter API to ask for profiles: auto (v2 when a token is set), v2, v1, off")
	_ = cmd.RegisterFlagCompletionFunc("twitter-api", cobra.FixedCompletions([]string{"auto", "v2", "v1", "off"}, cobra.ShellCompDirectiveNoFileComp))
}

// kind is the archive list the options select.
func (o *matchOptions) kind() (archive.AccountKind, error) {
	n := 0
	kind := archive.KindFollowing
	for _, k := range []struct {
		on   bool
		kind archive.AccountKind
	}{{o.Followers, archive.KindFollowers}, {o.Blocks, archive.KindBlocks}, {o.Mutes, archive.KindMutes}} {
		if k.on {
			n++
			kind = k.kind
		}
	}
	if n > 1 {
		return kind, usageErrorf("--followers, --blocks and --mutes exclude each other")
	}
	return kind, nil
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
	if cerr := closeOut(); runErr == nil && cerr != nil {
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

// buildMatchConfig gathers the accounts, profile sources, verifier and
// exclusions the options ask for.
func buildMatchConfig(ctx context.Context, f *factory, opts *matchOptions) (cfg matcher.RunConfig, err error) {
	kind, err := opts.kind()
	if err != nil {
		return cfg, err
	}
	if opts.Archive == "" && opts.Handles == "" && len(opts.Profiles) == 0 {
		return cfg, usageErrorf("nothing to match: give an archive, --handles FILE or --profiles FILE")
	}
	if opts.Archive == "" && (opts.Followers || opts.Blocks || opts.Mutes) {
		return cfg, usageErrorf("--followers, --blocks and --mutes need an archive")
	}

	// Profiles the user already has come first.
	store, counts, err := loadProfileFiles(opts.Profiles)
	if err != nil {
		return cfg, err
	}
	if store != nil {
		defer func() {
			if err != nil {
				store.Close()
			}
		}()
		logProfileCounts(f, counts)
		cfg.Sources = append(cfg.Sources, store)
	}

	switch {
	case opts.Handles != "":
		cfg.Accounts, err = readFile(opts.Handles, matcher.ReadHandles)
		if err != nil {
			return cfg, err
		}
	case opts.Archive != "":
		cfg.Accounts, cfg.ScreenNames, err = archiveAccounts(ctx, opts.Archive, kind)
		if err != nil {
			return cfg, err
		}
	case store != nil:
		cfg.Accounts = slices.AppendSeq(make([]matcher.AccountRef, 0, store.Len()), store.Accounts())
	}

	paths, err := f.paths()
	if err != nil {
		return cfg, err
	}
	twitterSources, err := twitterProfileSources(f, opts.TwitterAPI, filepath.Join(paths.Cache, "twitter-profiles"))
	if err != nil {
		return cfg, err
	}
	cfg.Sources = append(cfg.Sources, twitterSources...)

	var searcher matcher.AccountSearcher
	if opts.ExcludeFollowingServer || !opts.Offline {
		c, ref, err := f.MastodonClient(ctx, opts.Account)
		switch {
		case err == nil:
			_, domain, _ := strings.Cut(ref.Key, "@")
			searcher = matchSearcher{c: c, domain: domain}
			if opts.ExcludeFollowingServer {
				if cfg.Exclude, err = serverFollowing(ctx, c, domain); err != nil {
					return cfg, explainAuth(err, ref)
				}
			}
		case opts.ExcludeFollowingServer:
			return cfg, err
		default:
			// Not logged in: verification works without the user's server,
			// it only loses the fallback for servers that refuse unsigned
			// fetches and the server-side search.
			f.logger().Info("no Mastodon account; matching without your server's search", "reason", err)
		}
	}
	if opts.ExcludeFollowing != "" {
		set, err := readFile(opts.ExcludeFollowing, matcher.ReadFollowingCSV)
		if err != nil {
			return cfg, err
		}
		if cfg.Exclude == nil {
			cfg.Exclude = set
		} else {
			for h := range set {
				cfg.Exclude.Add(h)
			}
		}
	}

	if !opts.Offline {
		cache, err := matcher.OpenCache(filepath.Join(paths.Cache, "webfinger"))
		if err != nil {
			return cfg, fmt.Errorf("verification cache: %w", err)
		}
		guard, err := newMatchGuard(f, opts.guardFlags)
		if err != nil {
			return cfg, err
		}
		cfg.Verifier = guard.newVerifier(matcher.VerifyOptions{
			Cache:       cache,
			Concurrency: opts.Concurrency,
			Searcher:    searcher,
			Refresh:     opts.Refresh,
		})
		cfg.ReverseInstances = opts.Instances
		cfg.NoReverse = opts.NoReverse
	}
	return cfg, nil
}

// archiveAccounts lists one of the archive's account lists, with the
// screen names the archive reveals.
func archiveAccounts(ctx context.Context, path string, kind archive.AccountKind) ([]matcher.AccountRef, map[string]string, error) {
	a, err := archive.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer a.Close()
	names, err := a.ScreenNames(ctx)
	if err != nil {
		return nil, nil, err
	}
	var refs []matcher.AccountRef
	for ref, err := range a.Accounts(kind) {
		if err != nil {
			return nil, nil, err
		}
		name := names[ref.ID]
		if name == "" {
			name = screenNameFromLink(ref.UserLink)
			if name != "" {
				names[ref.ID] = name
			}
		}
		refs = append(refs, matcher.AccountRef{ID: ref.ID, ScreenName: name})
	}
	return refs, names, nil
}

// twitterProfileSources are the profile cache (always: a re-run spends no
// paid quota) and, when a token is set, the Twitter API filling it.
func twitterProfileSources(f *factory, api, cacheDir string) ([]matcher.ProfileSource, error) {
	var which twitter.API
	switch api {
	case "auto", "v2":
		which = twitter.V2
	case "v1":
		which = twitter.V1
	case "off":
	default:
		return nil, usageErrorf("--twitter-api %q: want auto, v2, v1 or off", api)
	}
	cache, err := twitter.OpenCache(cacheDir, twitter.CacheOptions{})
	if err != nil {
		return nil, fmt.Errorf("profile cache: %w", err)
	}
	sources := []matcher.ProfileSource{cache}
	token, err := twitterToken(f)
	if err != nil {
		return nil, err
	}
	if api == "off" || token == "" {
		if api == "v1" || api == "v2" {
			return nil, usageErrorf("--twitter-api %s needs a bearer token in %s or twitter_bearer_token in config.yaml", api, envTwitterToken)
		}
		return sources, nil
	}
	log := f.logger()
	client, err := twitter.New(twitter.Options{
		Token: token,
		API:   which,
		Cache: cache,
		OnWait: func(w twitter.Wait) {
			f.printer().Waiting("the Twitter API ("+w.Reason+")", w.Until.Local())
		},
	})
	if err != nil {
		return nil, err
	}
	log.Info("profiles from the Twitter API", "api", api)
	return append(sources, client), nil
}

// twitterToken is the Twitter API bearer token: FLEDGE_TWITTER_BEARER_TOKEN,
// else twitter_bearer_token in config.yaml; "" when neither is set.
func twitterToken(f *factory) (string, error) {
	if t := f.Getenv(envTwitterToken); t != "" {
		return t, nil
	}
	prefs, err := f.preferences()
	if err != nil {
		return "", err
	}
	if prefs.ExposesSecret() {
		f.printer().Warn("%s holds twitter_bearer_token but other users can read it; run chmod 600 %s", prefs.File(), prefs.File())
	}
	return prefs.TwitterBearerToken.Reveal(), nil
}

// openMatchOutput returns the writer for the format, on stdout or -o FILE,
// and the function that finishes it.
func openMatchOutput(f *factory, path, format string) (matcher.ResultWriter, func() error, error) {
	if format == "csv" {
		if path == "" {
			w := matcher.NewMastodonCSVStream(f.IO.Out)
			return w, w.Close, nil
		}
		w := matcher.NewMastodonCSVFiles(path, func(name string) (io.WriteCloser, error) {
			return os.Create(name)
		})
		return w, w.Close, nil
	}
	var dst io.Writer = f.IO.Out
	var file *os.File
	if path != "" {
		var err error
		if file, err = os.Create(path); err != nil {
			return nil, nil, err
		}
		dst = file
	}
	var w matcher.ResultWriter
	switch format {
	case "table":
		w = ui.NewMatchTable(dst, path == "" && f.IO.IsStdoutTTY())
	case "json":
		w = matcher.NewJSONWriter(dst)
	default:
		w = matcher.NewJSONLWriter(dst)
	}
	return w, func() error {
		err := w.Close()
		if file != nil {
			if cerr := file.Close(); err == nil {
				err = cerr
			}
		}
		return err
	}, nil
}

// runMatchPipeline runs the match, writing each result as it comes, with a
// progress bar on a terminal. Source errors are reported and counted; the
// run goes on without that source.
func runMatchPipeline(ctx context.Context, f *factory, cfg matcher.RunConfig, w matcher.ResultWriter) (matcher.Summary, int, error) {
	defer closeProfileStores(cfg.Sources)
	bar := f.printer().Progress(len(cfg.Accounts), "accounts", "matching")
	defer bar.Done()
	cfg.Progress = func(p matcher.Progress) {
		bar.Describe(p.Stage)
		bar.Set(p.Done)
	}
	p := matcher.NewPipeline(cfg)
	sourceErrs := 0
	for m, err := range p.Run(ctx) {
		var se *matcher.SourceError
		switch {
		case errors.As(err, &se):
			sourceErrs++
			f.printer().Warn("%v; continuing without it", err)
			continue
		case err != nil:
			return p.Summary(), sourceErrs, err
		}
		if err := w.Write(m); err != nil {
			return p.Summary(), sourceErrs, err
		}
	}
	return p.Summary(), sourceErrs, nil
}

// printMatchSummary writes a match run's counts on stderr (stdout holds
// the matches), as a "summary" line under --json.
func printMatchSummary(f *factory, s matcher.Summary) {
	text := fmt.Sprintf("%d accounts scanned: %d matched (%d confirmed, %d moved), %d unreachable, %d with no profile data",
		s.Scanned, s.Matched, s.Confirmed, s.Moved, s.Unreachable, s.NoProfile)
	if s.Refused > 0 {
		text += fmt.Sprintf(", %d refused by the network guard (-v or --format jsonl says why)", s.Refused)
	}
	if s.Excluded > 0 {
		text += fmt.Sprintf(", %d already followed", s.Excluded)
	}
	if s.Bridged > 0 {
		text += fmt.Sprintf(", %d bridged from Bluesky", s.Bridged)
	}
	if s.NotBridged > 0 {
		text += fmt.Sprintf(", %d on Bluesky but not bridged (their bsky.app links are in the output: ask them to turn bridging on)", s.NotBridged)
	}
	f.printer().Status("summary", s, text)
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

// runMatchForFollow matches an archive's account list for commands that
// act on the result (follow, block, mute), with the default sources.
func runMatchForFollow(ctx context.Context, f *factory, archivePath string, kind archive.AccountKind, m archiveMatchFlags) ([]matcher.Match, error) {
	opts := &matchOptions{Archive: archivePath, Profiles: m.Profiles, verifyFlags: defaultVerifyFlags()}
	opts.Offline = m.Offline
	opts.guardFlags = m.guardFlags
	switch kind {
	case archive.KindFollowers:
		opts.Followers = true
	case archive.KindBlocks:
		opts.Blocks = true
	case archive.KindMutes:
		opts.Mutes = true
	}
	cfg, err := buildMatchConfig(ctx, f, opts)
	if err != nil {
		return nil, err
	}
	defer closeProfileStores(cfg.Sources)
	cov := newMatchCoverage(opts, kind)
	cov.watch(&cfg)
	var all collectMatches
	sum, _, err := runMatchPipeline(ctx, f, cfg, &all)
	if err != nil {
		return nil, err
	}
	printMatchSummary(f, sum)
	cov.print(f, sum, cfg.Accounts)
	return all, nil
}

// collectMatches is a ResultWriter that keeps every match in memory.
type collectMatches []matcher.Match

func (c *collectMatches) Write(m matcher.Match) error { *c = append(*c, m); return nil }
func (c *collectMatches) Close() error                { return nil }
