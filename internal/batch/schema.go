package batch

import "github.com/fledge-cli/fledge/internal/steps"

// Step is one stage of an account's migration: one of the steps a
// migration file may list (fledge migrate's login and inspect are not).
type Step = steps.Name

// The steps a migration file may list.
const (
	StepMatch   = steps.Match
	StepFollow  = steps.Follow
	StepProfile = steps.Profile
	StepImport  = steps.Import
)

// Steps lists every step a migration file may list, in the one running
// order of package steps.
var Steps = []Step{StepMatch, StepFollow, StepProfile, StepImport}

// NeedsServer reports whether the step talks to the account's server (the
// match step only does when it verifies handles, which its own options say).
func NeedsServer(s Step) bool { return s != StepMatch }

// lookupOption finds a step's option by its YAML key.
func lookupOption(s Step, key string) (steps.Option, bool) {
	for _, o := range steps.Keys[s] {
		if o.Key == key {
			return o, true
		}
	}
	return steps.Option{}, false
}

func optionKeys(s Step) []string {
	keys := make([]string, 0, len(steps.Keys[s]))
	for _, o := range steps.Keys[s] {
		keys = append(keys, o.Key)
	}
	return keys
}
