package main

import (
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Old spellings kept for scripts (issue 13 §7: one name per idea). A
// deprecated flag still works, is hidden from help, and when given the
// command says what to write instead.
//
// cobra prints pflag's own deprecation note with Print, which goes to
// the command's output, stdout here, among the data a script reads; so
// the flag set's notes are dropped and warnDeprecatedFlags says it on
// stderr through the printer (a "warning" line under --json).

// deprecateFlag hides the flag name of cmd; instead says what to use,
// as in "use --kind blocks".
func deprecateFlag(cmd *cobra.Command, name, instead string) {
	if err := cmd.Flags().MarkDeprecated(name, instead); err != nil {
		panic("deprecateFlag: " + err.Error()) // a flag renamed without its alias
	}
	cmd.Flags().SetOutput(io.Discard)
}

// warnDeprecatedFlags warns once for each deprecated flag the command
// line gave.
func warnDeprecatedFlags(f *factory, cmd *cobra.Command) {
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		if fl.Deprecated != "" {
			f.printer().Warn("--%s is deprecated and will go: %s", fl.Name, fl.Deprecated)
		}
	})
}
