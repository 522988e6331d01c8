package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// Environment variables for choosing an account.
const (
	envAccount = "FLEDGE_ACCOUNT"
	envServer  = "FLEDGE_SERVER"
	envToken   = "FLEDGE_TOKEN"
	envRetries = "FLEDGE_RETRIES"
)

// accountRef is the account a command acts as, and where that choice came
// from (for -v output and error messages).
type accountRef struct {
	Key    string // user@domain; "" for an environment account not yet verified
	Server string
	Token  config.Secret
	Stored bool     // false for FLEDGE_SERVER + FLEDGE_TOKEN
	Origin string   // "--account", "FLEDGE_ACCOUNT", "FLEDGE_TOKEN", "config.yaml:1:10", "default account"
	App    string   // client id of the app that issued the token, "" if unknown
	Scopes []string // the token's scopes as granted at login; nil if unknown
}

// Name is how messages refer to the account.
func (a accountRef) Name() string {
	if a.Key != "" {
		return "@" + a.Key
	}
	return "the FLEDGE_TOKEN account on " + a.Server
}

// addAccountFlag gives a command the --account flag that Account reads.
func addAccountFlag(cmd *cobra.Command, dst *string) {
	cmd.Flags().StringVar(dst, "account", "", "act as `USER@DOMAIN` (one of `fledge accounts`; default: FLEDGE_ACCOUNT, FLEDGE_SERVER+FLEDGE_TOKEN, then the default account)")
}

// paths finds fledge's directories from the environment.
func (f *factory) paths() (config.Paths, error) {
	return config.ResolvePaths(f.Getenv)
}

// preferences reads config.yaml, or the file named by --config, which
// must then exist.
func (f *factory) preferences() (*config.Preferences, error) {
	if f.Globals.ConfigFile != "" {
		return loadPreferencesStrict(f.Globals.ConfigFile)
	}
	p, err := f.paths()
	if err != nil {
		return nil, err
	}
	return config.LoadPreferences(p.Preferences())
}

func loadPreferencesStrict(path string) (*config.Preferences, error) {
	// LoadPreferences treats a missing file as empty, which is right for
	// the default location but hides a typo in --config.
	if _, err := os.Stat(path); err != nil {
		return nil, usageErrorf("--config: %v", err)
	}
	return config.LoadPreferences(path)
}

// credentials reads credentials.yaml, warning on stderr if its mode had to
// be fixed.
func (f *factory) credentials() (*config.Credentials, error) {
	p, err := f.paths()
	if err != nil {
		return nil, err
	}
	return config.LoadCredentials(p.Credentials(), func(msg string) {
		f.printer().Warn("%s", msg)
	})
}

// Account resolves which account a command acts as:
//
//	--account (flag)  >  FLEDGE_ACCOUNT  >  FLEDGE_SERVER + FLEDGE_TOKEN
//	  >  `account:` in config.yaml  >  the default in credentials.yaml
//
// flag is the --account value ("" when not given). Not being logged in
// is an error with its own exit code (5) that says how to log in.
func (f *factory) Account(flag string) (accountRef, error) {
	prefs, err := f.preferences()
	if err != nil {
		return accountRef{}, err
	}
	if flag != "" {
		if flag, err = config.NormalizeAccountKey(flag); err != nil {
			return accountRef{}, usageErrorf("--account: %v", err)
		}
	}
	named, err := config.Resolve(f.Getenv, config.Setting[string]{
		Flag: "account", FlagSet: flag != "", FlagValue: flag,
		Env: envAccount, Parse: config.NormalizeAccountKey,
	})
	if err != nil {
		return accountRef{}, usageErrorf("%v", err)
	}
	if named.Source == config.FromDefault {
		if ref, ok, err := f.envAccount(); ok || err != nil {
			return ref, err
		}
		if prefs.Account != "" {
			named = config.Value[string]{Value: prefs.Account, Source: config.FromFile, Origin: prefs.Origin(config.KeyAccount)}
		}
	}
	creds, err := f.credentials()
	if err != nil {
		return accountRef{}, err
	}
	if named.Source != config.FromDefault {
		a, ok := creds.Account(named.Value)
		if !ok {
			return accountRef{}, notLoggedIn(fmt.Errorf("account %s (from %s) is not logged in; run `fledge login --server https://…` or see `fledge accounts`",
				named.Value, named.Origin))
		}
		return storedRef(a, named.Origin), nil
	}
	a, ok := creds.DefaultAccount()
	if !ok {
		return accountRef{}, notLoggedIn(errors.New("not logged in; run `fledge login --server https://your.server`, or set FLEDGE_SERVER and FLEDGE_TOKEN"))
	}
	return storedRef(a, "default account"), nil
}

// envAccount reads FLEDGE_SERVER + FLEDGE_TOKEN: an account for scripts
// that is never stored. ok is false when FLEDGE_TOKEN is unset.
func (f *factory) envAccount() (accountRef, bool, error) {
	tok := f.Getenv(envToken)
	if tok == "" {
		return accountRef{}, false, nil
	}
	srv := f.Getenv(envServer)
	if srv == "" {
		return accountRef{}, true, usageErrorf("%s is set but %s is not; set both to use an account that is not stored", envToken, envServer)
	}
	server, err := mastodon.ValidateServerURL(srv)
	if err != nil {
		return accountRef{}, true, usageErrorf("%s: %v", envServer, err)
	}
	return accountRef{Server: server, Token: config.Secret(tok), Origin: envToken}, true, nil
}

func storedRef(a config.Account, origin string) accountRef {
	return accountRef{Key: a.Key, Server: a.Server, Token: a.Token, Stored: true, Origin: origin, App: a.AppClientID, Scopes: a.Scopes}
}

func notLoggedIn(err error) error { return &notLoggedInError{&authError{err}} }

// clientOptions are the Mastodon client settings every command shares.
func (f *factory) clientOptions() (mastodon.Options, error) {
	prefs, err := f.preferences()
	if err != nil {
		return mastodon.Options{}, err
	}
	retries, err := config.Resolve(f.Getenv, config.Setting[int]{
		Env: envRetries, Parse: config.ParseRetries,
		File: prefs.Retries, FileOrigin: prefs.Origin(config.KeyRetries), Default: 5,
	})
	if err != nil {
		return mastodon.Options{}, usageErrorf("%v", err)
	}
	log := f.logger()
	o := mastodon.Options{
		UserAgent:  "fledge/" + currentBuild().Version,
		MaxRetries: retries.Value,
		Logger:     log, // -v: one line per request; -vv: with timing
		OnWait: showWait(f, func(e mastodon.WaitEvent) {
			log.Info("waiting", "reason", e.Reason, "bucket", string(e.Bucket), "until", e.Until.Local().Format("15:04:05"))
		}),
	}
	if f.tuneClient != nil {
		f.tuneClient(&o)
	}
	return o, nil
}

// MastodonClient resolves the account (see Account) and returns a client
// acting as it.
func (f *factory) MastodonClient(ctx context.Context, accountFlag string) (*mastodon.Client, accountRef, error) {
	ref, err := f.Account(accountFlag)
	if err != nil {
		return nil, accountRef{}, err
	}
	opts, err := f.clientOptions()
	if err != nil {
		return nil, accountRef{}, err
	}
	c, err := mastodon.New(ref.Server, ref.Token.Reveal(), opts)
	if err != nil {
		return nil, accountRef{}, fmt.Errorf("%s: %w", ref.Name(), err)
	}
	f.logger().Debug("account", "account", ref.Key, "server", ref.Server, "from", ref.Origin, "token", ref.Token)
	return c, ref, nil
}

// explainAuth turns a refused token into a message that says what to do;
// the error keeps matching mastodon.ErrAuth, so it exits with code 4. A
// transient failure gets a hint that trying later may help.
func explainAuth(err error, ref accountRef) error {
	if errors.Is(err, mastodon.ErrUnreachable) {
		return err // it already says what to check
	}
	if errors.Is(err, mastodon.ErrRetryable) {
		return fmt.Errorf("%w (%s may be down or overloaded; try again later)", err, hostOf(ref.Server))
	}
	if !errors.Is(err, mastodon.ErrAuth) {
		return err
	}
	if !ref.Stored {
		return &authError{fmt.Errorf("%s refused FLEDGE_TOKEN (%w); create a new token, or unset FLEDGE_TOKEN and run `fledge login`", hostOf(ref.Server), err)}
	}
	return &authError{fmt.Errorf("%s refused the access token of %s (%w); run `fledge login --server %s` again",
		hostOf(ref.Server), ref.Name(), err, ref.Server)}
}

func hostOf(server string) string {
	if u, err := url.Parse(server); err == nil && u.Host != "" {
		return u.Host
	}
	return server
}
