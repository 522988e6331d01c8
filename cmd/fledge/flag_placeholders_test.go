package main

import (
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// typePlaceholders are the names pflag shows for a flag's value when its
// help has no `NAME` in back quotes: Go types, which tell a person
// nothing about what to give (issue 13 §7).
var typePlaceholders = map[string]bool{
	"int": true, "int32": true, "int64": true, "uint": true, "uint64": true,
	"float": true, "float32": true, "float64": true,
	"string": true, "strings": true, "stringArray": true, "stringToString": true,
	"duration": true, "durationSlice": true, "ints": true, "uints": true, "count": true,
	"ip": true, "ipNet": true, "bytesHex": true, "bytesBase64": true,
}

// TestFlagPlaceholders walks every command's flags and fails on one whose
// --help would show a Go type name as its value placeholder.
func TestFlagPlaceholders(t *testing.T) {
	f, _ := testFactory()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		check := func(fl *pflag.Flag) {
			if name, _ := pflag.UnquoteUsage(fl); typePlaceholders[name] {
				t.Errorf("%s --%s shows %q as its placeholder; name the value in back quotes in its help, like `N` or `FILE`",
					c.CommandPath(), fl.Name, name)
			}
		}
		c.LocalFlags().VisitAll(check)
		c.InheritedFlags().VisitAll(check)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(f))
}
