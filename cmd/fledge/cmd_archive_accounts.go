package main

import (
	"context"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

type archiveAccountsOptions struct {
	Path     string
	Kind     string
	Profiles []string
}

// parseListKind reads --kind (match, archive accounts, export): one of
// an archive's account lists, by the names steps.ListKind allows.
func parseListKind(s string) (archive.AccountKind, error) {
	for _, k := range []archive.AccountKind{archive.KindFollowing, archive.KindFollowers, archive.KindBlocks, archive.KindMutes} {
		if k.String() == s {
			return k, nil
		}
	}
	return archive.KindFollowing, usageErrorf("--kind %q: want one of %s", s, strings.Join(steps.ListKind.Enum, ", "))
}

func newArchiveAccountsCmd(f *factory) *cobra.Command {
	opts := &archiveAccountsOptions{}
	cmd := &cobra.Command{
		Use:   "accounts ARCHIVE",
		Short: "Write followed, following, blocked or muted accounts as JSON lines",
		Long: `Write the account ids of one of the archive's account lists as JSON lines,
one {"type":"account", "id", "screen_name"} object per account (with or
without --json; "type" is always "account"). The archive stores only ids;
the screen name is added when the archive reveals it (mentions and replies in
your own tweets map ids to screen names) or when --profiles files know the
account (a capture from your browser: see 'fledge help capture'); a
profile's screen name is the current one, so it wins.`,
		Example: `  fledge archive accounts twitter-archive.zip
  fledge archive accounts --kind blocks twitter-archive.zip
  fledge archive accounts --profiles following.har twitter-archive.zip`,
		Args: exactArgs(1, "one archive (a .zip file or a folder)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			return runArchiveAccounts(cmd.Context(), f, opts)
		},
	}
	addOption(cmd, &opts.Kind, steps.ListKind.Help("the archive's account `LIST` to write: following, followers, blocks or mutes"))
	cmd.Flags().StringArrayVar(&opts.Profiles, "profiles", nil, "learn screen names from Twitter profiles in `FILE` (as in fledge match; repeatable)")
	return cmd
}

func runArchiveAccounts(ctx context.Context, f *factory, opts *archiveAccountsOptions) error {
	kind, err := parseListKind(opts.Kind)
	if err != nil {
		return err
	}
	a, err := archive.Open(opts.Path)
	if err != nil {
		return err
	}
	defer a.Close()
	names, err := a.ScreenNames(ctx)
	if err != nil {
		return err
	}
	for _, name := range opts.Profiles {
		if err := profileScreenNames(name, names); err != nil {
			return err
		}
	}
	w := newRecordWriter(f)
	for ref, err := range a.Accounts(kind) {
		if err != nil {
			_ = w.flush()
			return err
		}
		line := struct {
			ID         string `json:"id"`
			ScreenName string `json:"screen_name,omitempty"`
		}{ID: ref.ID, ScreenName: names[ref.ID]}
		if line.ScreenName == "" {
			line.ScreenName = screenNameFromLink(ref.UserLink)
		}
		if err := w.write("account", line); err != nil {
			return err
		}
	}
	return w.flush()
}

// profileScreenNames reads a --profiles file and notes each profile's
// screen name under its id in names, streaming: only the names are kept.
func profileScreenNames(path string, names map[string]string) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	for p, err := range profiles.Stream(fh, path) {
		if err != nil {
			return err
		}
		if p.ID != "" && p.ScreenName != "" {
			names[p.ID] = p.ScreenName
		}
	}
	return nil
}

// screenNameFromLink reads a screen name from a userLink such as
// https://twitter.com/jack; links by id (intent/user?user_id=) reveal none.
func screenNameFromLink(link string) string {
	for _, prefix := range []string{"https://twitter.com/", "https://x.com/", "http://twitter.com/"} {
		if rest, ok := strings.CutPrefix(link, prefix); ok && rest != "" && !strings.ContainsAny(rest, "/?#") {
			return rest
		}
	}
	return ""
}
