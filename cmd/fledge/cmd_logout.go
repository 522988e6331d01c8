package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

type logoutOptions struct {
	Account string // positional USER@DOMAIN, or "" for the resolved account
}

func newLogoutCmd(f *factory) *cobra.Command {
	opts := &logoutOptions{}
	cmd := &cobra.Command{
		Use:               "logout [USER@DOMAIN]",
		Short:             "Revoke an account's access token and forget it",
		ValidArgsFunction: completeAccountArg(f),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("%s expects at most one account", cmd.CommandPath())
			}
			return nil
		},
		Long: `Revoke the access token of an account on its server and remove it from
credentials.yaml. Without an argument, logs out the account other commands
would use (FLEDGE_ACCOUNT, config.yaml's account:, or the default).

If the server cannot be reached or refuses, the account is still removed
here and a warning says how to revoke the token by hand.

` + exitStatus(
			exitCase{exitOK, "when the account is logged out (even if the server could not revoke the token)"},
			exitCase{exitUsage, "when the account comes from FLEDGE_TOKEN and is not stored"},
			exitCase{exitNotLoggedIn, "when the account, or any account, is not logged in"}),
		Example: `  fledge logout
  fledge logout alice@example.social`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Account = args[0]
			}
			return runLogout(cmd.Context(), f, opts)
		},
	}
	return cmd
}

type logoutResult struct {
	Account string `json:"account"`
	Server  string `json:"server"`
	Revoked bool   `json:"revoked"`
	Warning string `json:"warning,omitempty"`
	Default string `json:"default,omitempty"`
}

func runLogout(ctx context.Context, f *factory, opts *logoutOptions) error {
	creds, err := f.credentials()
	if err != nil {
		return err
	}
	var acct config.Account
	if opts.Account != "" {
		key, err := config.NormalizeAccountKey(opts.Account)
		if err != nil {
			return usageErrorf("%v", err)
		}
		a, ok := creds.Account(key)
		if !ok {
			return notLoggedIn(fmt.Errorf("account %s is not logged in (see `fledge accounts`)", key))
		}
		acct = a
	} else {
		ref, err := f.Account("")
		if err != nil {
			return err
		}
		if !ref.Stored {
			return usageErrorf("the account comes from FLEDGE_TOKEN and is not stored, so there is nothing to log out; unset FLEDGE_TOKEN, or name a stored account")
		}
		acct, _ = creds.Account(ref.Key)
	}

	res := logoutResult{Account: acct.Key, Server: acct.Server}
	res.Revoked, res.Warning = revokeStored(ctx, f, creds, acct)
	creds.RemoveAccount(acct.Key)
	if err := creds.Save(); err != nil {
		return err
	}
	res.Default = creds.Default()
	p := f.printer()
	if res.Warning != "" && !p.JSON() {
		p.Warn("%s", res.Warning) // under --json the result carries it
	}
	text := "Logged out @" + acct.Key
	if res.Default != "" {
		text += "\nThe default account is now @" + res.Default + "."
	}
	p.Report("logout", res, text)
	return nil
}

// revokeStored revokes the account's token with the app that issued it.
// It never fails the logout: the local removal is what the user asked
// for, and the warning tells them how to finish the job by hand.
func revokeStored(ctx context.Context, f *factory, creds *config.Credentials, acct config.Account) (revoked bool, warning string) {
	byHand := fmt.Sprintf("revoke it on %s under Preferences › Account › Authorized apps", hostOf(acct.Server))
	app, ok := creds.App(acct.Server)
	if !ok || acct.AppClientID == "" || app.ClientID != acct.AppClientID {
		return false, "fledge did not issue this token (it was pasted with --token-stdin or came from an older app registration), so it was not revoked; " + byHand
	}
	opts, err := f.clientOptions()
	if err != nil {
		return false, fmt.Sprintf("the token was not revoked (%v); %s", err, byHand)
	}
	c, err := mastodon.New(acct.Server, "", opts)
	if err == nil {
		err = c.RevokeToken(ctx, mastodon.OAuthApp{ClientID: app.ClientID, ClientSecret: app.ClientSecret.Reveal()}, acct.Token.Reveal())
	}
	if err != nil {
		return false, fmt.Sprintf("could not revoke the token on the server: %v; it is removed here anyway, but %s", err, byHand)
	}
	return true, ""
}
