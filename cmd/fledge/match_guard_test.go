package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/safehttp"
	"github.com/fledge-cli/fledge/matcher"
)

func TestMatchGuardSettings(t *testing.T) {
	for _, tt := range []struct {
		name    string
		flags   guardFlags
		env     string
		want    safehttp.Options
		usage   bool // a usage error (the flag), else a plain one (the variable)
		wantErr bool
	}{
		{"default refuses", guardFlags{}, "", safehttp.Options{}, false, false},
		{"env trusts", guardFlags{}, "trust", safehttp.Options{ProxyNames: safehttp.ProxyNamesTrust}, false, false},
		{"flag beats env", guardFlags{ProxyNames: "refuse"}, "trust", safehttp.Options{}, false, false},
		{"flag trusts", guardFlags{ProxyNames: "trust", AllowPrivate: true}, "", safehttp.Options{ProxyNames: safehttp.ProxyNamesTrust, AllowPrivate: true}, false, false},
		{"bad flag", guardFlags{ProxyNames: "maybe"}, "", safehttp.Options{}, true, true},
		{"bad env", guardFlags{}, "yes", safehttp.Options{}, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &factory{IO: ios, Globals: &globalOptions{}, Getenv: func(k string) string {
				if k == safehttp.ProxyNamesEnv {
					return tt.env
				}
				return ""
			}}
			g, err := newMatchGuard(f, tt.flags)
			if tt.wantErr {
				var ue *usageError
				if err == nil || errors.As(err, &ue) != tt.usage {
					t.Fatalf("err = %v (usage error: %v), want usage error %v", err, errors.As(err, &ue), tt.usage)
				}
				name := "--proxy-names"
				if !tt.usage {
					name = "FLEDGE_PROXY_NAMES"
				}
				if !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "refuse or trust") {
					t.Errorf("error %q should name %s and the choices", err, name)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g.opts.AllowPrivate != tt.want.AllowPrivate || g.opts.ProxyNames != tt.want.ProxyNames {
				t.Errorf("options %+v, want %+v", g.opts, tt.want)
			}
		})
	}
}

// TestMatchGuardReports: a refusal is logged at -v only, and the first
// proxy-name refusal says, once and at any verbosity, what to set.
func TestMatchGuardReports(t *testing.T) {
	for _, verbose := range []int{0, 1} {
		ios, _, _, errOut := iostreams.Test()
		f := &factory{IO: ios, Globals: &globalOptions{Verbose: verbose}, Getenv: func(string) string { return "" }}
		g, err := newMatchGuard(f, guardFlags{})
		if err != nil {
			t.Fatal(err)
		}
		report := g.reporter()
		report(matcher.Refusal{Handle: "@a@inner.example", Kind: matcher.RefusedAddress, Reason: "inner.example resolves to a private address 10.0.0.5"})
		for range 3 {
			report(matcher.Refusal{Handle: "@b@far.example", Kind: matcher.RefusedProxyName, Reason: "far.example does not resolve here"})
		}
		out := errOut.String()
		if got := strings.Contains(out, "10.0.0.5"); got != (verbose > 0) {
			t.Errorf("-v=%d: refusal logged = %v:\n%s", verbose, got, out)
		}
		if n := strings.Count(out, "FLEDGE_PROXY_NAMES=trust"); n != 1 {
			t.Errorf("-v=%d: the proxy hint appears %d times, want once:\n%s", verbose, n, out)
		}
	}
}

func TestMatchSummaryRefused(t *testing.T) {
	sum := matcher.Summary{Scanned: 3, Matched: 2, Unreachable: 1, Refused: 1}
	ios, _, _, errOut := iostreams.Test()
	printMatchSummary(&factory{IO: ios, Globals: &globalOptions{}}, sum)
	if !strings.Contains(errOut.String(), ", 1 refused by the network guard") {
		t.Errorf("summary %q does not count the refusal", errOut)
	}
	ios, _, _, errOut = iostreams.Test()
	printMatchSummary(&factory{IO: ios, Globals: &globalOptions{JSON: true}}, sum)
	if !strings.Contains(errOut.String(), `"refused":1`) {
		t.Errorf("JSON summary %q lacks the refusal count", errOut)
	}
	ios, _, _, errOut = iostreams.Test()
	printMatchSummary(&factory{IO: ios, Globals: &globalOptions{}}, matcher.Summary{Scanned: 1})
	if strings.Contains(errOut.String(), "refused") {
		t.Errorf("summary %q mentions refusals when there were none", errOut)
	}
}
