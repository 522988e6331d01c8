package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/export"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/steps"
)

type exportOptions struct {
	Matches           string // the matches file
	Kind              string // --kind: the archive list the accounts came from
	kindSet           bool   // --kind was given
	Output            string
	Reblogs           bool
	Notify            bool
	Languages         []string
	HideNotifications bool
	List              string
	// The old spellings, kept for scripts: the CSV's kind as a word
	// before --from MATCHES.
	From    string
	oldKind string
}

func newExportCmd(f *factory) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:     "export MATCHES -o FILE",
		Short:   "Write Mastodon import CSV files (Settings › Import and export)",
		GroupID: "migrate",
		Long: `Write the accounts of a matches file as a CSV file that Mastodon's
Settings › Import and export › Import accepts as it is. Which file follows
from the archive list the accounts came from: --kind, else the list the
matches file records (fledge match writes it), else following:

  following, followers  a "Following list" (you follow them on Mastodon)
  blocks                a "Blocking list"
  mutes                 a "Muting list"
  --list NAME           "Lists": every account in the list NAME

Mastodon accepts at most 20,000 rows per file, so longer exports are split:
FILE, then FILE-2, FILE-3 … (following.csv, following-2.csv). The upload is
one step and Mastodon's own workers do the rest, but they are bound by the
same limits as fledge (400 follows per day, the 7,500 follow cap) and report
no progress; "fledge follow" gives progress, lists, resume and a report.

MATCHES is the jsonl, json or csv written by "fledge match", or any
Mastodon account CSV. The old spelling "fledge export KIND --from MATCHES"
still works, with a warning.`,
		Example: `  fledge match twitter-archive.zip -o matches.jsonl
  fledge export matches.jsonl -o following_accounts.csv

  # The list is read from the matches file; --kind says it for other files
  fledge match twitter-archive.zip --kind mutes -o muted.jsonl
  fledge export muted.jsonl -o muted_accounts.csv --hide-notifications=false
  fledge export muted.csv --kind mutes -o muted_accounts.csv

  fledge export matches.jsonl --list "Twitter friends" -o lists.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("%s takes one matches file", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.kindSet = cmd.Flags().Changed("kind")
			if err := opts.takeArgs(f, args); err != nil {
				return err
			}
			return runExport(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Output, "output", "o", "", "write the CSV to `FILE` (required; - for stdout when it fits one file, not with --json)")
	addOption(cmd, &opts.Kind, steps.ListKind.WithDefault("").Help("the archive's account `LIST` the accounts came from: following, followers, blocks or mutes (default: the list the matches file records, else following)"))
	fl.BoolVar(&opts.Reblogs, "reblogs", true, "following: show their boosts")
	fl.BoolVar(&opts.Notify, "notify", false, "following: notify on their new posts")
	fl.StringSliceVar(&opts.Languages, "languages", nil, "following: only posts in these `LANGS` (ISO 639-1, comma-separated)")
	fl.BoolVar(&opts.HideNotifications, "hide-notifications", true, "mutes: also hide their notifications")
	fl.StringVar(&opts.List, "list", "", "write a lists CSV: every account in the list `NAME`")
	fl.StringVar(&opts.From, "from", "", "read accounts from the matches `FILE`")
	deprecateFlag(cmd, "from", "give the matches file as the argument: fledge export MATCHES -o FILE")
	return cmd
}

func runExport(_ context.Context, f *factory, opts *exportOptions) error {
	if opts.Output == "" {
		return usageErrorf("export needs -o FILE (- for stdout)")
	}
	if opts.Output == "-" && f.Globals.JSON {
		return usageErrorf("-o - writes CSV to stdout, not JSON lines: write to -o FILE (--json then writes the summary), or leave out --json")
	}
	if _, err := opts.fileKind(nil); err != nil {
		return err // a usage mistake, told before reading the file
	}
	file, err := readMatchesFile(opts.Matches)
	if err != nil {
		return err
	}
	targets := file.Targets
	kind, err := opts.fileKind(file.Lists)
	if err != nil {
		return err
	}
	o := export.Options{Reblogs: opts.Reblogs, Notify: opts.Notify, Languages: opts.Languages,
		HideNotifications: opts.HideNotifications, ListName: opts.List}
	create := createFile
	if opts.Output == "-" {
		if len(targets) > export.MaxImportRows {
			return usageErrorf("%d rows do not fit one import file (%d); write to a file with -o so it can be split", len(targets), export.MaxImportRows)
		}
		create = func(string) (io.WriteCloser, error) { return nopWriteCloser{f.IO.Out}, nil }
	}
	if opts.Output != "-" {
		if err := os.MkdirAll(filepath.Dir(opts.Output), 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	names, err := export.Write(kind, targets, o, opts.Output, create)
	if err != nil {
		if strings.Contains(err.Error(), "needs a list name") {
			return usageErrorf("a lists export needs --list NAME")
		}
		return err
	}
	p := f.printer()
	if kind == export.Following && len(targets) > follow.DefaultCap {
		p.Warn("%d accounts: Mastodon refuses a follow import past %d follows, counting the ones you have",
			len(targets), follow.DefaultCap)
	}
	if opts.Output == "-" {
		return nil
	}
	p.Report("summary", struct {
		Kind  string   `json:"kind"`
		Rows  int      `json:"rows"`
		Files []string `json:"files"`
	}{string(kind), len(targets), names},
		fmt.Sprintf("wrote %d %s rows to %s", len(targets), kind, strings.Join(names, ", ")))
	return nil
}

// readTargets reads a matches file (see follow.ReadMatches).
func readTargets(path string) ([]follow.Target, error) {
	f, err := readMatchesFile(path)
	return f.Targets, err
}

// readMatchesFile reads a matches file with the lists it records (see
// follow.ReadMatchesFile).
func readMatchesFile(path string) (follow.MatchesFile, error) {
	if isArchivePath(path) {
		return follow.MatchesFile{}, usageErrorf("%s is an archive; run `fledge match %s -o matches.jsonl` first and pass matches.jsonl", path, path)
	}
	fh, err := os.Open(path)
	if err != nil {
		return follow.MatchesFile{}, fmt.Errorf("read matches: %w", err)
	}
	defer fh.Close()
	return follow.ReadMatchesFile(fh, path)
}

// isArchivePath tells an archive (a .zip or a folder) from a matches file.
func isArchivePath(path string) bool {
	st, err := os.Stat(path)
	return err == nil && (st.IsDir() || strings.HasSuffix(strings.ToLower(path), ".zip"))
}

// targetsFor reads a matches file, or, given an archive, matches the
// archive's account list of that kind first (as `fledge match` would).
func targetsFor(ctx context.Context, f *factory, path string, kind archive.AccountKind, m archiveMatchFlags) ([]follow.Target, error) {
	if !isArchivePath(path) {
		return readTargets(path)
	}
	ms, err := runMatchForFollow(ctx, f, path, kind, m)
	if err != nil {
		return nil, err
	}
	return follow.TargetsFromMatches(ms)
}

// createFile creates an export or directory file: written atomically, so
// a full disk or an interrupt leaves the old file or none, never a
// truncated one that Mastodon would import in part.
func createFile(name string) (io.WriteCloser, error) { return createOutputFile(name), nil }

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
