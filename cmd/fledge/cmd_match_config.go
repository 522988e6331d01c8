package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/twitter"
	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

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
	if opts.Archive == "" && opts.pickedList() {
		return cfg, usageErrorf("--kind picks one of an archive's lists: give the archive")
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
	if err := matchAccounts(ctx, opts, kind, store, &cfg); err != nil {
		return cfg, err
	}

	paths, err := f.paths()
	if err != nil {
		return cfg, err
	}
	twitterSources, err := twitterProfileSources(f, opts.TwitterAPI, paths.TwitterProfilesCache())
	if err != nil {
		return cfg, err
	}
	cfg.Sources = append(cfg.Sources, twitterSources...)

	searcher, err := matchServer(ctx, f, opts, &cfg)
	if err != nil {
		return cfg, err
	}
	if err := excludeFollowingFile(opts.ExcludeFollowing, &cfg); err != nil {
		return cfg, err
	}
	if opts.Offline {
		return cfg, nil
	}
	return cfg, matchVerifier(f, opts, paths.WebFingerCache(), searcher, &cfg)
}

// matchAccounts fills in the accounts to match: --handles, else the
// archive's list, else everyone in the --profiles files.
func matchAccounts(ctx context.Context, opts *matchOptions, kind archive.AccountKind, store *profiles.Store, cfg *matcher.RunConfig) (err error) {
	switch {
	case opts.Handles != "":
		cfg.Accounts, err = readFile(opts.Handles, matcher.ReadHandles)
	case opts.Archive != "":
		cfg.Accounts, cfg.ScreenNames, err = archiveAccounts(ctx, opts.Archive, kind)
		cfg.List = kind.String()
	case store != nil:
		cfg.Accounts = slices.AppendSeq(make([]profiles.AccountRef, 0, store.Len()), store.Accounts())
	}
	return err
}

// matchServer asks the user's own server, when logged in: its search
// finds accounts by name, and --exclude-following-server its follows. It
// returns the searcher, nil when there is no account to search with.
func matchServer(ctx context.Context, f *factory, opts *matchOptions, cfg *matcher.RunConfig) (matcher.AccountSearcher, error) {
	if !opts.ExcludeFollowingServer && opts.Offline {
		noteOfflineMatch(f, opts.Account)
		return nil, nil
	}
	c, ref, err := f.MastodonClient(ctx, opts.Account)
	switch {
	case err == nil:
	case opts.ExcludeFollowingServer:
		return nil, err
	default:
		// Not logged in: verification works without the user's server,
		// it only loses the fallback for servers that refuse unsigned
		// fetches and the server-side search.
		f.logger().Info("no Mastodon account; matching without your server's search", "reason", err)
		return nil, nil
	}
	_, domain, _ := strings.Cut(ref.Key, "@")
	if opts.ExcludeFollowingServer {
		if cfg.Exclude, err = adapter.ServerFollowing(ctx, c, domain); err != nil {
			return nil, explainAuth(err, ref)
		}
	}
	return adapter.NewSearcher(c, domain), nil
}

// excludeFollowingFile adds the accounts of a Mastodon following export
// (--exclude-following) to those left out.
func excludeFollowingFile(name string, cfg *matcher.RunConfig) error {
	if name == "" {
		return nil
	}
	set, err := readFile(name, matcher.ReadFollowingCSV)
	if err != nil {
		return err
	}
	if cfg.Exclude == nil {
		cfg.Exclude = set
		return nil
	}
	for h := range set {
		cfg.Exclude.Add(h)
	}
	return nil
}

// matchVerifier sets up the online checks: WebFinger verification behind
// the network guard, with its cache, and reverse lookup.
func matchVerifier(f *factory, opts *matchOptions, cacheDir string, searcher matcher.AccountSearcher, cfg *matcher.RunConfig) error {
	cache, err := matcher.OpenCache(cacheDir)
	if err != nil {
		return fmt.Errorf("verification cache: %w", err)
	}
	guard, err := newMatchGuard(f, opts.guardFlags)
	if err != nil {
		return err
	}
	cfg.Verifier = guard.newVerifier(matcher.VerifyOptions{
		Cache:       cache,
		Concurrency: opts.Concurrency,
		Searcher:    searcher,
		Refresh:     opts.Refresh,
	})
	cfg.ReverseInstances = opts.Instances
	cfg.NoReverse = opts.NoReverse
	return nil
}

// archiveAccounts lists one of the archive's account lists, with the
// screen names the archive reveals.
func archiveAccounts(ctx context.Context, path string, kind archive.AccountKind) ([]profiles.AccountRef, map[string]string, error) {
	a, err := archive.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer a.Close()
	names, err := a.ScreenNames(ctx)
	if err != nil {
		return nil, nil, err
	}
	var refs []profiles.AccountRef
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
		refs = append(refs, profiles.AccountRef{ID: ref.ID, ScreenName: name})
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
	sources := []matcher.ProfileSource{adapter.NewTwitterSource(cache)}
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
	return append(sources, adapter.NewTwitterSource(client)), nil
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
