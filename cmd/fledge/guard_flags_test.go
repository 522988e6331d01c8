package main

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/matcher"
)

// TestGuardFlagsOnEveryVerifyingCommand: every command that verifies
// handles takes the flags the guard's refusals name, and a wrong
// --proxy-names is a usage error even when nothing is verified.
func TestGuardFlagsOnEveryVerifyingCommand(t *testing.T) {
	for _, args := range [][]string{
		{"match", "--offline", "--profiles", "p.jsonl"},
		{"match"},
		{"directory", "--offline", "-o", "dir", "a.zip"},
		{"follow", "--offline", "a.zip"},
		{"block", "a.zip"},
		{"mute", "a.zip"},
		{"migrate", "--offline", "--yes", "a.zip"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			ios, _, _, errOut := iostreams.Test()
			f := &factory{IO: ios, Globals: &globalOptions{}, Getenv: func(string) string { return "" }}
			root := newRootCmd(f)
			cmd, _, err := root.Find(args[:1])
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"allow-private-network", "proxy-names"} {
				if cmd.Flags().Lookup(name) == nil {
					t.Errorf("%s has no --%s", args[0], name)
				}
			}
			root.SetArgs(append([]string{args[0], "--proxy-names", "maybe"}, args[1:]...))
			root.SetOut(ios.Out)
			root.SetErr(ios.ErrOut)
			_, err = root.ExecuteContextC(context.Background())
			if code := exitCodeFor(err, false); code != exitUsage {
				t.Fatalf("exit %d (%v), want %d\nstderr: %s", code, err, exitUsage, errOut)
			}
			if !strings.Contains(err.Error(), "--proxy-names") || !strings.Contains(err.Error(), "refuse or trust") {
				t.Errorf("error %q should name the flag and its choices", err)
			}
		})
	}
}

// failTransport answers no request: the tests below look at how the
// verifier is set up, not at what it finds.
type failTransport struct{}

func (failTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in this test")
}

// TestGuardFlagsReachVerifier: follow and migrate, matching an archive
// themselves, hand --allow-private-network and --proxy-names to the
// verifier as fledge match does.
func TestGuardFlagsReachVerifier(t *testing.T) {
	for _, tt := range []struct {
		name string
		args func(archive, profiles string) []string
	}{
		{"follow", func(a, p string) []string {
			return []string{"follow", "--dry-run", "--no-wait", "--profiles", p, "--allow-private-network", "--proxy-names", "trust", a}
		}},
		{"migrate", func(a, p string) []string {
			return []string{"migrate", "--yes", "--dry-run", "--steps", "match,follow", "--profiles", p, "--allow-private-network", "--proxy-names", "TRUST", a}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, env, profiles := migrateTestEnv(t)
			ios, _, _, errOut := iostreams.Test()
			f := migrateFactory(env, ios)
			var seen []matcher.VerifyOptions
			f.tuneVerify = func(o *matcher.VerifyOptions) {
				seen = append(seen, *o)
				o.Client = &http.Client{Transport: failTransport{}}
			}
			_, err := execute(context.Background(), f, tt.args(sampleArchive(t), profiles)...)
			var ue *usageError
			if errors.As(err, &ue) {
				t.Fatalf("usage error: %v", err)
			}
			if len(seen) == 0 {
				t.Fatalf("no verifier was made (err %v)\nstderr: %s", err, errOut)
			}
			for _, o := range seen {
				if !o.AllowPrivate || !o.TrustProxyNames {
					t.Errorf("verifier made with AllowPrivate=%v TrustProxyNames=%v, want both", o.AllowPrivate, o.TrustProxyNames)
				}
			}
		})
	}
}
