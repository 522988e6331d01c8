package main

import (
	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/importer/follow"
)

func newMuteCmd(f *factory) *cobra.Command {
	opts := &graphOptions{Action: follow.ActionMute}
	cmd := &cobra.Command{
		Use:     "mute MATCHES|ARCHIVE",
		Short:   "Mute the matched accounts of your Twitter mute list",
		GroupID: "migrate",
		Long: `Mute, on your server, the fediverse accounts matched to the accounts you
muted on Twitter. MATCHES is what "fledge match --kind mutes" wrote (jsonl,
json or csv), or a Mastodon muted_accounts.csv.
Given an archive instead, its muted list is matched first. A matches file
of the accounts you follow is refused unless --force.

Their notifications are hidden too unless --hide-notifications=false.
fledge asks before it starts; --yes skips the question. Accounts already
muted and your own account are skipped; every mute is journalled and a re-run
resumes.` + "\n\n" + graphExitStatus(),
		Example: `  fledge mute --dry-run muted.jsonl
  fledge mute --yes --hide-notifications=false muted.jsonl`,
		Args: exactArgs(1, "one matches file or archive"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Input = args[0]
			return runGraph(cmd.Context(), f, opts)
		},
	}
	addGraphFlags(cmd, opts)
	cmd.Flags().BoolVar(&opts.HideNotifications, "hide-notifications", true, "also hide their notifications")
	return cmd
}
