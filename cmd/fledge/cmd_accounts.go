package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

type accountsOptions struct {
	SetDefault string
}

func newAccountsCmd(f *factory) *cobra.Command {
	opts := &accountsOptions{}
	cmd := &cobra.Command{
		Use:     "accounts",
		Short:   "List the accounts you are logged in to",
		GroupID: "info",
		Args:    exactArgs(0, "no arguments"),
		Long: `List the accounts stored by 'fledge login'. The default account, used when
no --account, FLEDGE_ACCOUNT, FLEDGE_TOKEN or config.yaml account: says
otherwise, is marked with *. Tokens are never shown.`,
		Example: `  fledge accounts
  fledge accounts --default bob@example.social
  fledge accounts --json`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runAccounts(f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.SetDefault, "default", "", "make `USER@DOMAIN` the default account")
	_ = cmd.RegisterFlagCompletionFunc("default", completeAccounts(f))
	return cmd
}

type accountEntry struct {
	Account   string    `json:"account"`
	Server    string    `json:"server"`
	Username  string    `json:"username"`
	ID        string    `json:"id"`
	Scopes    []string  `json:"scopes"`
	Default   bool      `json:"default"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

func runAccounts(f *factory, opts *accountsOptions) error {
	creds, err := f.credentials()
	if err != nil {
		return err
	}
	if opts.SetDefault != "" {
		if err := creds.SetDefault(opts.SetDefault); err != nil {
			return fmt.Errorf("%w (see `fledge accounts`)", err)
		}
		if err := creds.Save(); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.ErrOut, "The default account is now @%s.\n", creds.Default())
	}
	list := []accountEntry{}
	for _, a := range creds.Accounts() {
		list = append(list, accountEntry{Account: a.Key, Server: a.Server, Username: a.Username, ID: a.ID,
			Scopes: orEmpty(a.Scopes), Default: a.Key == creds.Default(), CreatedAt: a.CreatedAt})
	}
	if f.Globals.JSON {
		return newJSONEncoder(f.IO.Out).Encode(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(f.IO.ErrOut, "No accounts. Log in with `fledge login --server https://your.server`.")
	}
	if f.IO.IsStdoutTTY() {
		tw := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
		for _, e := range list {
			mark := " "
			if e.Default {
				mark = "*"
			}
			fmt.Fprintf(tw, "%s %s\t%s\t%s\n", mark, e.Account, e.Server, strings.Join(e.Scopes, " "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	} else {
		// Tab-separated for scripts: account, server, default, scopes.
		for _, e := range list {
			fmt.Fprintf(f.IO.Out, "%s\t%s\t%t\t%s\n", e.Account, e.Server, e.Default, strings.Join(e.Scopes, " "))
		}
	}
	if f.Getenv(envToken) != "" {
		fmt.Fprintf(f.IO.ErrOut, "Note: FLEDGE_TOKEN is set, so commands act as that account (on %s) unless --account says otherwise.\n",
			f.Getenv(envServer))
	}
	return nil
}
