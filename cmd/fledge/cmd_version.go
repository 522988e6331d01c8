package main

import (
	"encoding/json"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

type buildInfo struct {
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
	Date    string `json:"date,omitempty"`
	Go      string `json:"go"`
}

// currentBuild reports the version set by the release build's ldflags, or
// what the Go toolchain recorded when built with `go install`/`go build`.
func currentBuild() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Date: date, Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		if b.Version == "" {
			b.Version = "dev"
		}
		return b
	}
	if b.Version == "" {
		b.Version = info.Main.Version
		if b.Version == "" || b.Version == "(devel)" {
			b.Version = "dev"
		}
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			if b.Commit == "" {
				b.Commit = s.Value
			}
		case "vcs.time":
			if b.Date == "" {
				b.Date = s.Value
			}
		case "vcs.modified":
			if s.Value == "true" && b.Commit != "" && version == "" {
				b.Commit += "-dirty"
			}
		}
	}
	return b
}

func newVersionCmd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print fledge's version",
		Args:  exactArgs(0, "no arguments"),
		Example: `  fledge version
  fledge version --json`,
		RunE: func(*cobra.Command, []string) error {
			b := currentBuild()
			f.printer().Data("version", b, b.String())
			return nil
		},
	}
}

// jsonLine is the line `fledge --json version` prints, for --version
// under --json.
func (b buildInfo) jsonLine() string {
	line, err := json.Marshal(struct {
		Type string `json:"type"`
		buildInfo
	}{"version", b})
	if err != nil { // a struct of strings always marshals
		return `{"type":"version"}`
	}
	return string(line)
}

// String is the one line `fledge version` and `fledge --version` print:
// "fledge 1.2.0 (0123456789ab, 2026-11-21T09:00:00Z) go1.26.0".
func (b buildInfo) String() string {
	s := "fledge " + b.Version
	if b.Commit != "" {
		s += " (" + shortCommit(b.Commit)
		if b.Date != "" {
			s += ", " + b.Date
		}
		s += ")"
	}
	return s + " " + b.Go
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}
