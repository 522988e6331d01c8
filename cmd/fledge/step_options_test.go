package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/steps"
)

// TestStepKeysAreFlags: every key a step takes in a migration file is a
// flag of the step's command, with the declared default, so a step run
// from fledge run means what the command typed by hand means.
func TestStepKeysAreFlags(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	f := &factory{IO: io, Globals: &globalOptions{}}
	cmds := map[steps.Name]*cobra.Command{
		steps.Profile: newProfileCmd(f), steps.Match: newMatchCmd(f),
		steps.Follow: newFollowCmd(f), steps.Import: newImportCmd(f),
	}
	for s, keys := range steps.Keys {
		cmd := cmds[s]
		for _, o := range keys {
			if o.Flag == "" {
				continue // the batch's own (the matches file)
			}
			fl := cmd.Flags().Lookup(o.Flag)
			if fl == nil {
				t.Errorf("%s: key %s: fledge %s has no --%s", s, o.Key, s, o.Flag)
				continue
			}
			if o.Default != "" && fl.DefValue != o.Default {
				t.Errorf("%s --%s: default %q, declared %q", s, o.Flag, fl.DefValue, o.Default)
			}
		}
	}
	// Visibility is declared once: the import flag, fledge migrate's flag
	// and the migration file's key share the default and the values.
	mig := newMigrateCmd(f).Flags().Lookup("visibility")
	imp := cmds[steps.Import].Flags().Lookup("visibility")
	if mig.DefValue != steps.Visibility.Default || imp.DefValue != steps.Visibility.Default {
		t.Errorf("visibility defaults: migrate %q, import %q", mig.DefValue, imp.DefValue)
	}
	if !slices.ContainsFunc(steps.Keys[steps.Import], func(o steps.Option) bool { return o.Key == "visibility" && slices.Equal(o.Enum, steps.Visibility.Enum) }) {
		t.Error("the import step's visibility key is not the declared option")
	}
}

func TestStepResult(t *testing.T) {
	tests := []struct {
		name        string
		out         steps.Outcome
		err         error
		interrupted bool
		want        steps.Status
		exit        int // of the command's final error
	}{
		{"done", steps.Outcome{}, nil, false, steps.Done, exitOK},
		{"left by a slice", steps.Outcome{Left: 3, Detail: "--max 1 reached"}, nil, false, steps.Left, exitPartial},
		{"partly failed", steps.Outcome{Left: 2}, &partialError{"2 posts failed"}, false, steps.Left, exitPartial},
		{"failed", steps.Outcome{}, errors.New("no archive"), false, steps.Failed, exitError},
		{"a mistake", steps.Outcome{}, usageErrorf("--max cannot be negative"), false, steps.Failed, exitUsage},
		{"refused token", steps.Outcome{}, &authError{errors.New("401")}, false, steps.Failed, exitAuth},
		{"interrupted", steps.Outcome{Left: 5}, context.Canceled, true, steps.Interrupted, exitInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := stepResult(tt.out, tt.err, tt.interrupted)
			if res.Status != tt.want || res.Left != tt.out.Left || !errors.Is(res.Err, tt.err) {
				t.Errorf("result %+v, want status %s", res, tt.want)
			}
			err := leftError("posts", tt.out, tt.err)
			if code := exitCodeFor(err, tt.interrupted); code != tt.exit {
				t.Errorf("exit %d (%v), want %d", code, err, tt.exit)
			}
			if tt.err == nil && tt.out.Left > 0 && !strings.Contains(err.Error(), "3 posts left (--max 1 reached)") {
				t.Errorf("message %q: want how many are left and why", err)
			}
		})
	}
}
