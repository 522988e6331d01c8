package main

import (
	"github.com/spf13/cobra"
)

func newArchiveCmd(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "archive COMMAND",
		Short:   "Read a Twitter/X data archive",
		GroupID: "info",
		Long: `Read a Twitter/X data archive: the zip you download from Twitter/X settings,
or the folder it unzips to. Every format since 2012 is understood: the classic
"Grailbird" archive, the 2018 archive with files at the top, and the current
archive with a data/ folder (tweet.js or tweets.js and tweets-partN.js).

Nothing is extracted to disk and nothing is sent anywhere.`,
	}
	cmd.AddCommand(
		newArchiveInspectCmd(f),
		newArchiveTweetsCmd(f),
		newArchiveAccountsCmd(f),
	)
	return cmd
}
