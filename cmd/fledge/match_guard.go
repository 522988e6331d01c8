package main

import (
	"fmt"
	"sync"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/safehttp"
	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/matcher"
)

// guardFlags set the network guard. Every command that verifies handles
// takes them (match and directory; follow, block, mute and migrate when
// they match an archive), so the refusal's advice to use
// --allow-private-network or --proxy-names works wherever it is printed.
type guardFlags struct {
	AllowPrivate bool
	ProxyNames   string // "" (FLEDGE_PROXY_NAMES, else refuse), refuse or trust
}

// addGuardFlags declares the guard's flags; prefix starts their usage
// ("with an archive: ") where they apply only to part of a command.
func addGuardFlags(cmd *cobra.Command, g *guardFlags, prefix string) {
	fl := cmd.Flags()
	addOption(cmd, &g.AllowPrivate, steps.AllowPrivate.Help(prefix+steps.AllowPrivate.Usage))
	// A Value that checks the mode as it is parsed (see proxyNamesValue).
	fl.Var((*proxyNamesValue)(&g.ProxyNames), steps.ProxyNames.Flag, prefix+steps.ProxyNames.Usage)
	_ = cmd.RegisterFlagCompletionFunc(steps.ProxyNames.Flag, cobra.FixedCompletions(steps.ProxyNames.Enum, cobra.ShellCompDirectiveNoFileComp))
}

// proxyNamesValue checks --proxy-names as it is parsed, so a wrong value
// is a usage error even when nothing is verified (--offline).
type proxyNamesValue string

func (v *proxyNamesValue) String() string { return string(*v) }
func (v *proxyNamesValue) Type() string   { return "string" }

func (v *proxyNamesValue) Set(s string) error {
	if _, err := safehttp.ParseProxyNames(s); err != nil {
		return err
	}
	*v = proxyNamesValue(s)
	return nil
}

// matchGuard is the network guard as the flags and environment set it:
// --allow-private-network, and --proxy-names over FLEDGE_PROXY_NAMES.
type matchGuard struct {
	opts safehttp.Options
	f    *factory
	once sync.Once // the proxy-name hint is printed once per run
}

func newMatchGuard(f *factory, v guardFlags) (*matchGuard, error) {
	names, from := v.ProxyNames, safehttp.ProxyNamesFlag
	if names == "" {
		names, from = f.Getenv(safehttp.ProxyNamesEnv), safehttp.ProxyNamesEnv
	}
	pn, err := safehttp.ParseProxyNames(names)
	if err != nil {
		if from == safehttp.ProxyNamesFlag {
			return nil, usageErrorf("%s %v", from, err)
		}
		return nil, fmt.Errorf("%s=%v", from, err)
	}
	return &matchGuard{opts: safehttp.Options{AllowPrivate: v.AllowPrivate, ProxyNames: pn}, f: f}, nil
}

// newVerifier completes opts with the guard's client and settings.
func (g *matchGuard) newVerifier(opts matcher.VerifyOptions) *matcher.Verifier {
	opts.Client = safehttp.NewClient(g.opts)
	opts.AllowPrivate = g.opts.AllowPrivate
	opts.TrustProxyNames = g.opts.ProxyNames == safehttp.ProxyNamesTrust
	opts.OnRefusal = g.reporter()
	if g.f.tuneVerify != nil {
		g.f.tuneVerify(&opts)
	}
	return matcher.NewVerifier(opts)
}

// reporter logs each refusal at -v and, the first time a proxy name is
// refused, says at any verbosity what to set: in a proxy-only network
// every handle is refused that way.
func (g *matchGuard) reporter() func(matcher.Refusal) {
	log := g.f.logger()
	return func(r matcher.Refusal) {
		log.Info("refused by the network guard", "handle", r.Handle, "reason", r.Reason, "cached", r.Cached)
		if r.Kind == matcher.RefusedProxyName {
			g.once.Do(func() {
				log.Warn(fmt.Sprintf("handles whose names do not resolve here are refused instead of being resolved by your proxy (HTTPS_PROXY) unchecked; if the proxy cannot reach private addresses, set %s=trust or use %s trust", safehttp.ProxyNamesEnv, safehttp.ProxyNamesFlag))
			})
		}
	}
}
