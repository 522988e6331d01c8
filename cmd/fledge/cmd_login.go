package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

type loginOptions struct {
	Server     string
	TokenStdin bool
	NoBrowser  bool
	// serverSet reports whether --server was given (it beats FLEDGE_SERVER).
	serverSet bool
	// openURL opens a web page; tests replace it.
	openURL func(ctx context.Context, url string) error
}

func newLoginCmd(f *factory) *cobra.Command {
	opts := &loginOptions{openURL: openBrowser}
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Log in to your Mastodon server",
		Args:  exactArgs(0, "no arguments (give the server with --server)"),
		Long: `Log in to your Mastodon (or GoToSocial, Pleroma, Akkoma) server.

fledge registers itself as an app on the server (once per server), prints an
address to open in your browser, and waits for the authorization code the
server shows after you approve; a code that does not work is asked for
again, three tries in all. The access token is stored in credentials.yaml
in the config directory, readable only by you ('fledge help files').

--server takes the server's address, or your own account's address
(alice@mastodon.social), whose server is then used: fledge asks the
address's domain (WebFinger) where the account lives, so an address at
example.com whose server is social.example.com logs in there.

With --token-stdin, fledge instead reads an access token you created under
Settings › Development on the server, for scripts and headless machines.

For one-off scripted runs nothing needs to be stored: set FLEDGE_SERVER and
FLEDGE_TOKEN and every command uses that account.

The first account you log in to becomes the default; pick another with
--account or 'fledge accounts --default'.`,
		Example: `  # Log in interactively
  fledge login --server mastodon.social

  # Log in with a token made under Settings › Development
  echo "$TOKEN" | fledge login --server https://example.social --token-stdin`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.serverSet = cmd.Flags().Changed("server")
			return runLogin(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Server, "server", "", "your server's `URL`, like https://mastodon.social, or your address, like alice@mastodon.social (default: FLEDGE_SERVER)")
	fl.BoolVar(&opts.TokenStdin, "token-stdin", false, "read an existing access token from stdin instead of authorizing in a browser")
	fl.BoolVar(&opts.NoBrowser, "no-browser", false, "only print the authorization address; do not open a browser")
	return cmd
}

// loginResult is what --json prints.
type loginResult struct {
	Account  string   `json:"account"`
	Server   string   `json:"server"`
	Username string   `json:"username"`
	ID       string   `json:"id"`
	Scopes   []string `json:"scopes"`
	Default  bool     `json:"default"`
}

// runLogin logs in. Ctrl-C at any point ends it with a message about the
// login alone: there are no journals here to speak of.
func runLogin(ctx context.Context, f *factory, opts *loginOptions) error {
	err := login(ctx, f, opts)
	if err != nil && ctx.Err() != nil {
		return &interruptedError{"interrupted before the login finished; your accounts are as they were; run the same command again when ready"}
	}
	return err
}

func login(ctx context.Context, f *factory, opts *loginOptions) error {
	clientOpts, err := f.clientOptions()
	if err != nil {
		return err
	}
	server, err := loginServer(ctx, f, opts, clientOpts)
	if err != nil {
		return err
	}
	creds, err := f.credentials()
	if err != nil {
		return err
	}

	var token string
	var scopes []string
	var appID string
	if opts.TokenStdin {
		if token, err = readTokenStdin(ctx, f.IO.In); err != nil {
			return err
		}
	} else {
		if token, scopes, appID, err = authorize(ctx, f, opts, creds, server, clientOpts); err != nil {
			return err
		}
	}

	user, err := mastodon.New(server, token, clientOpts)
	if err != nil {
		return err
	}
	me, err := user.VerifyCredentials(ctx)
	if err != nil {
		if errors.Is(err, mastodon.ErrAuth) {
			return &authError{fmt.Errorf("%s refused the access token: %w", hostOf(server), err)}
		}
		return fmt.Errorf("check the new access token: %w", err)
	}
	if opts.TokenStdin {
		scopes = pastedTokenScopes(ctx, f, user)
	}
	domain := hostOf(server)
	if prof, err := user.Profile(ctx); err == nil && prof.Domain != "" {
		domain = prof.Domain
	} else if err != nil {
		f.logger().Info("cannot read the server profile; using the host name as the account domain", "error", err)
	}
	key, err := config.AccountKey(me.Username, domain)
	if err != nil {
		return fmt.Errorf("the server describes the account oddly: %w", err)
	}
	acct := config.Account{Key: key, Server: server, Username: me.Username, ID: string(me.ID),
		Token: config.Secret(token), Scopes: scopes, AppClientID: appID, CreatedAt: f.Now().UTC()}
	if old, ok := creds.Account(key); ok && old.Token != acct.Token {
		// Logging in again must not leave the previous token valid on the
		// server, where nobody would remember to revoke it.
		if revoked, warning := revokeStored(ctx, f, creds, old); revoked {
			f.logger().Info("revoked the previous token", "account", key)
		} else if old.AppClientID != "" {
			f.printer().Warn("the previous token of @%s: %s", key, warning)
		}
	}
	if err := creds.PutAccount(acct); err != nil {
		return err
	}
	if err := creds.Save(); err != nil {
		return err
	}
	res := loginResult{Account: key, Server: server, Username: me.Username, ID: string(me.ID),
		Scopes: orEmpty(scopes), Default: creds.Default() == key}
	p := f.printer()
	p.Report("login", res, "Logged in as @"+key)
	if !res.Default {
		p.Message("The default account is still @%s; use --account %s to act as this one.", creds.Default(), key)
	}
	return nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
