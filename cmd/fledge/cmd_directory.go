package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/directory"
)

// envSourceDate pins the "Generated" date of a directory, as reproducible
// builds do, so the same input gives byte-identical files.
const envSourceDate = "SOURCE_DATE_EPOCH"

type directoryOptions struct {
	Archive  string
	Handles  string
	Profiles []string
	Output   string
	Title    string
	ListName string

	verifyFlags

	CreateList    string
	createListSet bool
	Account       string
	DryRun        bool
	Wait          bool
	NoWait        bool
}

func newDirectoryCmd(f *factory) *cobra.Command {
	opts := &directoryOptions{}
	cmd := &cobra.Command{
		Use:     "directory [ARCHIVE] [--handles FILE] [--profiles FILE] -o DIR",
		Short:   "Make a directory of a group's fediverse accounts, for organizers",
		GroupID: "migrate",
		Long:    directoryLong,
		Example: directoryExample,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("%s takes at most one archive", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Archive = args[0]
			}
			opts.createListSet = cmd.Flags().Changed("create-list")
			if opts.Wait && opts.NoWait {
				return usageErrorf("--wait and --no-wait exclude each other")
			}
			if !cmd.Flags().Changed("wait") && !opts.NoWait {
				opts.Wait = f.IO.IsStderrTTY()
			}
			return runDirectory(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Handles, "handles", "", "the group's Twitter accounts: `FILE` of screen names or ids (list or CSV)")
	fl.StringArrayVar(&opts.Profiles, "profiles", nil, "read Twitter profiles from `FILE`: a browser capture (HAR), JSON lines or CSV (repeatable)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the directory into `DIR` (created if missing; required)")
	fl.StringVar(&opts.Title, "title", directory.DefaultTitle, "the directory's `TITLE`")
	fl.StringVar(&opts.ListName, "list-name", "", "the list `NAME` in lists.csv (default: the title)")
	addVerifyFlags(cmd, &opts.verifyFlags)
	fl.StringVar(&opts.CreateList, "create-list", "", "also build the list `NAME` on your account (following each member first)")
	fl.BoolVarP(&opts.DryRun, "dry-run", "n", false, "match and report, but write no file and change nothing on the server")
	fl.BoolVar(&opts.Wait, "wait", false, "--create-list: wait for the next day's follow budget (default on a terminal)")
	fl.BoolVar(&opts.NoWait, "no-wait", false, "--create-list: stop when the day's follow budget is spent")
	addAccountFlag(cmd, &opts.Account)
	_ = cmd.MarkFlagDirname("output")
	return cmd
}

func runDirectory(ctx context.Context, f *factory, opts *directoryOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	if err := f.directoryListScopes(ctx, opts); err != nil {
		return err
	}
	generated, err := directoryDate(f)
	if err != nil {
		return err
	}
	// Matching is fledge match's, with the options a directory uses.
	mo := &matchOptions{
		Archive: opts.Archive, Profiles: opts.Profiles, Handles: opts.Handles,
		verifyFlags: opts.verifyFlags, Account: opts.Account,
	}
	cfg, err := buildMatchConfig(ctx, f, mo)
	if err != nil {
		return err
	}
	defer closeProfileStores(cfg.Sources)
	cov := newMatchCoverage(mo, archive.KindFollowing)
	cov.watch(&cfg)
	tracker := directory.NewProfileTracker()
	cfg.Sources = tracker.Wrap(cfg.Sources)
	var all collectMatches
	msum, sourceErrs, err := runMatchPipeline(ctx, f, cfg, &all)
	if err != nil {
		return err
	}
	printMatchSummary(f, msum)
	cov.print(f, msum, cfg.Accounts)

	d, err := directory.Build(all, directory.Options{
		Title: opts.Title, ListName: opts.ListName, Generated: generated, HasProfile: tracker.Has,
	})
	if err != nil {
		return usageErrorf("%v", err)
	}
	files, err := writeDirectory(d, opts.Output, opts.DryRun)
	if err != nil {
		return err
	}
	printDirectory(f, d, files, opts.DryRun)

	var listErr error
	if opts.CreateList != "" {
		listErr = createDirectoryList(ctx, f, d, opts)
	}
	switch {
	case listErr != nil:
		return listErr
	case sourceErrs > 0:
		return &partialError{fmt.Sprintf("%d profile source error(s); the accounts they would have covered may be missing from the directory", sourceErrs)}
	}
	return nil
}

func (o *directoryOptions) validate() error {
	switch {
	case o.Output == "" && !o.DryRun:
		return usageErrorf("directory needs -o DIR, the folder to write the directory into")
	case o.createListSet && strings.TrimSpace(o.CreateList) == "":
		return usageErrorf("--create-list needs a list name")
	case strings.ContainsAny(o.CreateList, "\r\n"):
		return usageErrorf("--create-list: a list name cannot span lines")
	case strings.ContainsAny(o.ListName, "\r\n"):
		return usageErrorf("--list-name: a list name cannot span lines")
	}
	o.CreateList = strings.TrimSpace(o.CreateList)
	return nil
}

// directoryDate is SOURCE_DATE_EPOCH when set, else now.
func directoryDate(f *factory) (time.Time, error) {
	if f.Getenv != nil {
		if v := f.Getenv(envSourceDate); v != "" {
			sec, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return time.Time{}, usageErrorf("%s=%q: want seconds since 1970", envSourceDate, v)
			}
			return time.Unix(sec, 0).UTC(), nil
		}
	}
	if f.Now != nil {
		return f.Now(), nil
	}
	return time.Now(), nil
}

// writeDirectory writes the files into dir, or in a dry run only works
// out their names.
func writeDirectory(d *directory.Directory, dir string, dryRun bool) ([]string, error) {
	if dryRun {
		if dir == "" {
			dir = "."
		}
		return d.WriteFiles(dir, func(string) (io.WriteCloser, error) { return nopWriteCloser{io.Discard}, nil })
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("directory output: %w", err)
	}
	return d.WriteFiles(dir, createFile)
}

// directoryLong is fledge directory's help.
var directoryLong = `Find the fediverse accounts of a group's members and write a directory that
the members can use to follow everyone at once.

The members come from --handles FILE (a list or CSV of Twitter screen names
or ids) or from an archive (the accounts its owner follows); --profiles
gives their Twitter profiles, as for "fledge match". They are matched as
"fledge match" does, reverse lookup included (skip the network with
--offline), and DIR receives:

  directory.md     the directory in Markdown, grouped by server
  directory.html   one self-contained page: grouped by server, with Follow
                   links (a reader can type their own server so the links
                   open there) and the two CSV files built in
  following.csv    Mastodon's following import (following-2.csv, … past
                   20,000 rows)
  lists.csv        Mastodon's lists import: "List name,user@domain" rows,
                   no header, as Mastodon itself exports it; importing it
                   follows everyone and puts them on the list --list-name

Accounts that could not be matched are listed (in both pages and on
stdout) with the reason, so they can be chased: no profile data, no
handle in the profile, or a handle whose server did not answer.

With --create-list NAME the list is also built on your own account:
Mastodon accepts only accounts you follow as list members, so each member
is followed first, paced and journalled as "fledge follow --list NAME"
does (the same journal: running either again resumes). Members whose
follow waits for approval join the list on a later run where the server
requires it.

` + exitStatus(
	exitCase{exitOK, "when the directory is written (accounts not found do not count as a failure)"},
	exitCase{exitPartial, "when a profile source failed, or some --create-list members failed or are left for a later run (the day's follow budget, Mastodon's follow cap, a rate limit; run the same command again to continue)"},
	exitCase{exitAuth, ""},
	exitCase{exitNotLoggedIn, "when --create-list is given and no account is logged in"}) + `

The pages show the date they were made; set SOURCE_DATE_EPOCH (seconds
since 1970) to pin it, so the same input gives identical files.`

const directoryExample = `  # A directory from a list of screen names and the profiles you saved
  fledge directory --handles members.txt --profiles members.jsonl -o site/

  # Offline, with a title, and the list built on your account
  fledge directory --offline --handles members.csv --profiles members.jsonl \
      --title "Bird club" --create-list "Bird club" -o bird-club/

  # From your own archive: everyone you follow
  fledge directory twitter-archive.zip -o my-people/`
