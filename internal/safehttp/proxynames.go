package safehttp

import (
	"fmt"
	"strings"
)

// ProxyNames says what a client does with a host name that does not
// resolve here when the request is for a proxy (HTTPS_PROXY). The proxy
// resolves the name itself, out of the guard's sight: if its DNS maps the
// name to an address inside its own network, the request lands there.
//
// The default, ProxyNamesRefuse, is the safe one. Where a proxy is the
// only way out, the network behind it is usually one worth protecting,
// and a name that resolves nowhere else is exactly what an attacker
// needs: a public DNS name pointing at 10.0.0.5 that only the proxy looks
// up. Where the local resolver answers for public names (most networks,
// with or without a proxy) nothing changes. Where it does not (a
// proxy-only network without outside DNS), every handle is refused until
// the person chooses ProxyNamesTrust (FLEDGE_PROXY_NAMES=trust or
// --proxy-names trust); the refusal says exactly that.
type ProxyNames int

const (
	// ProxyNamesRefuse refuses a name that does not resolve locally
	// instead of handing it to the proxy unchecked.
	ProxyNamesRefuse ProxyNames = iota
	// ProxyNamesTrust hands such a name to the proxy and trusts the
	// proxy not to reach private addresses with it.
	ProxyNamesTrust
)

// Settings that choose ProxyNames, named in UnresolvedError's message.
const (
	ProxyNamesEnv  = "FLEDGE_PROXY_NAMES"
	ProxyNamesFlag = "--proxy-names"
)

// ParseProxyNames reads "refuse" or "trust" (any case); "" is the default.
func ParseProxyNames(s string) (ProxyNames, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "refuse":
		return ProxyNamesRefuse, nil
	case "trust":
		return ProxyNamesTrust, nil
	}
	return ProxyNamesRefuse, fmt.Errorf("%q: want refuse or trust", s)
}

func (p ProxyNames) String() string {
	if p == ProxyNamesTrust {
		return "trust"
	}
	return "refuse"
}

// UnresolvedError is returned (wrapped in the request's *url.Error) when a
// request for a proxy names a host that does not resolve here and
// Options.ProxyNames is ProxyNamesRefuse. The proxy's address is left out
// of the message: a proxy URL may hold a password.
type UnresolvedError struct {
	Host string
}

func (e *UnresolvedError) Error() string {
	return fmt.Sprintf("refusing to hand %s to the proxy unchecked: it does not resolve here, so its address cannot be checked (%s)", e.Host, e.Hint())
}

// Hint says what to set to let the proxy resolve such names.
func (e *UnresolvedError) Hint() string {
	return fmt.Sprintf("set %s=trust or use %s trust if your proxy cannot reach private addresses", ProxyNamesEnv, ProxyNamesFlag)
}
