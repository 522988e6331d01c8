package main

import (
	"strconv"
	"strings"

	"github.com/fledge-cli/fledge/internal/steps"
)

// realRunCommand is the command that does what a dry run showed: the same
// archive and choices, without --dry-run (so it asks before each step) and
// without --offline (a real run should check the handles it follows). Not
// logged in, it logs in first, to the --server given or a placeholder.
func realRunCommand(o *migrateOptions, loggedIn bool) string {
	args := []string{"fledge", "migrate"}
	add := func(flag, v string) {
		if v != "" {
			args = append(args, flag, shellArg(v))
		}
	}
	add("--account", o.Account)
	if !loggedIn {
		add("--server", orDefault(o.Server, "https://your.server"))
	}
	add("--steps", strings.Join(o.Steps, ","))
	for _, p := range o.Profiles {
		add("--profiles", p)
	}
	add("--list", o.List)
	add("--include", strings.Join(o.Include, ","))
	add("--since", o.Since)
	add("--until", o.Until)
	if o.Visibility != steps.Visibility.Default {
		add("--visibility", o.Visibility)
	}
	if o.Max > 0 {
		add("--max", strconv.Itoa(o.Max))
	}
	return strings.Join(append(args, shellArg(o.Archive)), " ")
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// shellArg quotes s for a POSIX shell when it needs it, so a printed
// command can be pasted as is.
func shellArg(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+=,~") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
