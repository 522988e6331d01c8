package main

import (
	"log/slog"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/ui"
	"github.com/fledge-cli/fledge/matcher"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	ConfigFile string
	JSON       bool
	Verbose    int
	NoColor    bool
	NoProgress bool
}

// factory carries what commands need from the outside world, built once in
// mainRun so tests can substitute any part of it.
type factory struct {
	IO      *iostreams.IOStreams
	Globals *globalOptions
	Now     func() time.Time
	Getenv  func(string) string
	// tuneClient, when set, adjusts every Mastodon client's options;
	// benchmarks use it to scale rate-limit windows down.
	tuneClient func(*mastodon.Options)
	// tuneVerify, when set, adjusts the options of the handle verifier
	// matching builds; benchmarks use it to reach fake fediverse hosts.
	tuneVerify func(*matcher.VerifyOptions)
	// appScopes remembers the scopes servers reported for tokens' apps
	// (scopes.go); made on first use.
	appScopes *appScopeCache
}

// logger returns a logger on stderr whose level follows -v: warnings by
// default, info with -v, debug with -vv.
func (f *factory) logger() *slog.Logger {
	level := slog.LevelWarn
	switch {
	case f.Globals.Verbose >= 2:
		level = slog.LevelDebug
	case f.Globals.Verbose == 1:
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(f.IO.ErrOut, &slog.HandlerOptions{Level: level}))
}

// printer is the command's output: text, or JSON lines under --json, at
// -v's verbosity.
func (f *factory) printer() ui.Printer {
	return ui.New(f.IO, ui.Options{JSON: f.Globals.JSON, Verbosity: f.Globals.Verbose})
}

// applyGlobals turns global flags into stream decisions. Called once the
// flags are parsed, before any command runs. When bars may be drawn the
// streams go through one ui.Terminal, so every message (the logger's too)
// is written around the bar.
func (f *factory) applyGlobals() {
	if f.Globals.NoColor {
		f.IO.DisableColor()
	}
	if f.Globals.NoProgress || f.Globals.JSON {
		f.IO.DisableProgress()
	}
	ui.Attach(f.IO)
}
