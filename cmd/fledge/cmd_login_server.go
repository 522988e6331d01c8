package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// loginServer picks and checks the server: --server, else FLEDGE_SERVER;
// for an address, the server that hosts it.
func loginServer(ctx context.Context, f *factory, opts *loginOptions, clientOpts mastodon.Options) (string, error) {
	v, err := config.Resolve(f.Getenv, config.Setting[string]{
		Flag: "server", FlagSet: opts.serverSet, FlagValue: opts.Server,
		Env: envServer, Parse: config.ParseString,
	})
	if err != nil {
		return "", usageErrorf("%v", err)
	}
	if v.Value == "" {
		return "", usageErrorf("which server? give it with --server https://your.server (or set FLEDGE_SERVER)")
	}
	raw := v.Value
	if host, ok := handleServer(raw); ok {
		raw = addressServer(ctx, f, strings.TrimSpace(raw), host, clientOpts)
	}
	server, err := mastodon.ValidateServerURL(raw)
	if err != nil {
		return "", usageErrorf("%s: %v", v.Origin, err)
	}
	return server, nil
}

// handleServer reads an account address given as a server, "alice@host"
// or "@alice@host", and returns its host. ok is false for anything else,
// including URLs ("https://alice@host" names a user and password in a
// URL, which ValidateServerURL refuses).
func handleServer(s string) (host string, ok bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "@")
	user, host, found := strings.Cut(s, "@")
	if !found || user == "" || host == "" || strings.Contains(s, "://") ||
		strings.ContainsAny(user, "/:?#") || strings.ContainsAny(host, "@/?# \t") {
		return "", false
	}
	return strings.ToLower(host), true
}

// addressServer is the server of an address given where the server is
// asked for. People give their address; the part after the @ is the
// server in all but split-domain setups (alice@example.com living on
// social.example.com), which only the domain's WebFinger reveals. When it
// cannot be asked, the domain it is, with a note.
func addressServer(ctx context.Context, f *factory, addr, domain string, opts mastodon.Options) string {
	user, _, _ := strings.Cut(strings.TrimPrefix(addr, "@"), "@")
	p := f.printer()
	server, err := mastodon.AccountServer(ctx, user, domain, opts)
	if err != nil && ctx.Err() == nil {
		p.Warn("could not ask %s where %s lives: %v", domain, addr, err)
	}
	type found struct {
		Address string `json:"address"`
		Server  string `json:"server"`
	}
	if err != nil || hostOf(server) == domain {
		p.Status("account_server", found{addr, domain}, fmt.Sprintf("%s is an account; logging in to its server, %s", addr, domain))
		return domain
	}
	p.Status("account_server", found{addr, server}, fmt.Sprintf("%s lives on %s; logging in there", addr, hostOf(server)))
	return server
}
