package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// placeholders are the names a flag's help may give its value (the `NAME`
// in back quotes, shown after the flag in --help): one style, upper case,
// and few of them, so the same kind of value is always called the same
// (issue 13 §7). A flag without a value (a bool, -v) shows none. A new
// kind of value is added here on purpose, not by accident: pflag shows
// a Go type ("int", "string") when the help names nothing, and a word in
// back quotes that was meant as an example (`auto`) becomes the
// placeholder.
var placeholders = []string{
	"FILE", "DIR", "URL", "N", "NAME", "TITLE", "MODE", "FORMAT", "LIST", "KINDS", "STEPS",
	"DATE", "REGEXP", "TEMPLATE", "VISIBILITY", "LANGS", "HOST", "API", "USER@DOMAIN",
}

// TestFlagPlaceholders walks every command's flags and fails on one whose
// --help would show anything but one of placeholders for its value.
func TestFlagPlaceholders(t *testing.T) {
	eachCommand(newRootCmd(testFactoryOnly()), func(c *cobra.Command) {
		check := func(fl *pflag.Flag) {
			name, _ := pflag.UnquoteUsage(fl)
			if name != "" && !slices.Contains(placeholders, name) {
				t.Errorf("%s --%s shows %q as its placeholder; name its value in back quotes in its help with one of %s (or add a new one to placeholders)",
					c.CommandPath(), fl.Name, name, strings.Join(placeholders, " "))
			}
		}
		c.LocalFlags().VisitAll(check)
		c.InheritedFlags().VisitAll(check)
	})
}

// usageAngle finds an argument in a command's Use line: an upper-case
// placeholder (ARCHIVE, MATCHES, USER@DOMAIN, optional in [brackets]),
// "-o FILE" and the like, or a literal word such as "--handles".
var usageAngle = regexp.MustCompile(`<[^>]*>|\{[^}]*\}`)

// TestUsePlaceholders fails on a Use line that names its arguments in
// another style than the flags' (<archive>, {a|b}): `fledge match
// ARCHIVE`, as `--profiles FILE`.
func TestUsePlaceholders(t *testing.T) {
	eachCommand(newRootCmd(testFactoryOnly()), func(c *cobra.Command) {
		if m := usageAngle.FindString(c.Use); m != "" {
			t.Errorf("%s: Use %q names an argument as %s; write it in upper case, like ARCHIVE or MATCHES", c.CommandPath(), c.Use, m)
		}
	})
}

func eachCommand(c *cobra.Command, visit func(*cobra.Command)) {
	visit(c)
	for _, sub := range c.Commands() {
		eachCommand(sub, visit)
	}
}

func testFactoryOnly() *factory {
	f, _ := testFactory()
	return f
}
