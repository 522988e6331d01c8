package steps

import (
	"fmt"
	"slices"
	"strings"
)

// Name is one step of a migration.
type Name string

// The steps, in running order.
const (
	Login   Name = "login"
	Inspect Name = "inspect"
	Match   Name = "match"
	Follow  Name = "follow"
	Profile Name = "profile"
	Import  Name = "import"
)

// Order is every step in the one order they run in: match before follow
// and import (its output feeds them), and the profile copied only once
// the accounts are followed, so the people followed find a profile that
// says who moved, and the import, the longest step, last.
var Order = []Name{Login, Inspect, Match, Follow, Profile, Import}

// Valid reports whether s names a step.
func Valid(s string) bool { return slices.Contains(Order, Name(s)) }

// Strings are the names of steps as strings, in the order given.
func Strings(list []Name) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

// Join lists the steps' names, comma-separated.
func Join(list []Name) string { return strings.Join(Strings(list), ", ") }

// Sort returns the steps of list in running order, each once.
func Sort(list []Name) []Name {
	var out []Name
	for _, s := range Order {
		if slices.Contains(list, s) {
			out = append(out, s)
		}
	}
	return out
}

// Parse reads step names (case and spaces ignored) and returns them in
// running order. It fails on an unknown name, naming the known ones.
func Parse(names []string) ([]Name, error) {
	var list []Name
	for _, s := range names {
		s = strings.ToLower(strings.TrimSpace(s))
		if !Valid(s) {
			return nil, fmt.Errorf("unknown step %q (steps: %s)", s, Join(Order))
		}
		list = append(list, Name(s))
	}
	return Sort(list), nil
}
