package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/ui"
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
	p := f.printer()
	if opts.SetDefault != "" {
		if err := creds.SetDefault(opts.SetDefault); err != nil {
			return fmt.Errorf("%w (see `fledge accounts`)", err)
		}
		if err := creds.Save(); err != nil {
			return err
		}
		p.Message("The default account is now @%s.", creds.Default())
	}
	list := []accountEntry{}
	for _, a := range creds.Accounts() {
		list = append(list, accountEntry{Account: a.Key, Server: a.Server, Username: a.Username, ID: a.ID,
			Scopes: orEmpty(a.Scopes), Default: a.Key == creds.Default(), CreatedAt: a.CreatedAt})
	}
	if len(list) == 0 {
		p.Message("No accounts. Log in with `fledge login --server https://your.server`.")
	}
	if err := printAccounts(f, p, list); err != nil {
		return err
	}
	if f.Getenv(envToken) != "" {
		p.Message("Note: FLEDGE_TOKEN is set, so commands act as that account (on %s) unless --account says otherwise.",
			f.Getenv(envServer))
	}
	return nil
}

// printAccounts writes one {"type":"account"} line per account under
// --json; else a table: on a terminal the default marked with *, piped
// tab-separated as account, server, default, scopes for scripts.
func printAccounts(f *factory, p ui.Printer, list []accountEntry) error {
	if p.JSON() {
		for _, e := range list {
			p.Data("account", e, "")
		}
		return nil
	}
	t := p.Table()
	tty := f.IO.IsStdoutTTY()
	for _, e := range list {
		scopes := strings.Join(e.Scopes, " ")
		switch {
		case !tty:
			t.Row(e.Account, e.Server, strconv.FormatBool(e.Default), scopes)
		case e.Default:
			t.Row("* "+e.Account, e.Server, scopes)
		default:
			t.Row("  "+e.Account, e.Server, scopes)
		}
	}
	return t.Flush()
}
