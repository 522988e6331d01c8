package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
)

type archiveTweetsOptions struct {
	Path           string
	IncludeDeleted bool
	Since, Until   string
}

func newArchiveTweetsCmd(f *factory) *cobra.Command {
	opts := &archiveTweetsOptions{}
	cmd := &cobra.Command{
		Use:   "tweets ARCHIVE",
		Short: "Write the archive's tweets as JSON lines, oldest first",
		Long: `Write the account's own tweets as JSON lines to stdout, oldest first, with
duplicates dropped and edit chains collapsed to the newest version. Text is
normalized: t.co links expanded, the media link removed, &amp; &lt; &gt;
unescaped; raw_text keeps the text as stored.

Each line, with or without --json: {"type":"tweet", "id", "created_at",
"text", "raw_text", "lang", "retweet", "reply_to_id", "reply_to_user_id",
"self_reply", "quote_url", "long", "community", "deleted", "circle",
"protected", "cut_long", "hashtags", "mentions", "urls", "media"} with
empty fields omitted.`,
		Example: `  fledge archive tweets twitter-archive.zip > tweets.jsonl
  fledge archive tweets --since 2020-01-01 --until 2020-12-31 twitter-archive.zip
  fledge archive tweets twitter-archive.zip | jq -r 'select(.quote_url) | .id'`,
		Args: exactArgs(1, "one archive (a .zip file or a folder)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			return runArchiveTweets(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.IncludeDeleted, "include-deleted", false, "also write tweets from deleted-tweets.js")
	cmd.Flags().StringVar(&opts.Since, "since", "", "only tweets on or after `DATE` (YYYY-MM-DD or RFC 3339)")
	cmd.Flags().StringVar(&opts.Until, "until", "", "only tweets before `DATE` (YYYY-MM-DD or RFC 3339)")
	return cmd
}

func runArchiveTweets(ctx context.Context, f *factory, opts *archiveTweetsOptions) error {
	since, err := parseDateFlag("--since", opts.Since)
	if err != nil {
		return err
	}
	until, err := parseDateFlag("--until", opts.Until)
	if err != nil {
		return err
	}
	if !since.IsZero() && !until.IsZero() && !until.After(since) {
		return usageErrorf("--until %s is not after --since %s", opts.Until, opts.Since)
	}
	a, err := archive.Open(opts.Path)
	if err != nil {
		return err
	}
	defer a.Close()

	w := newRecordWriter(f)
	n := 0
	for t, err := range a.TweetsContext(ctx, archive.TweetOptions{Sorted: true, IncludeDeleted: opts.IncludeDeleted, Since: since, Until: until}) {
		if err != nil {
			_ = w.flush()
			return err
		}
		if err := w.write("tweet", t); err != nil {
			return fmt.Errorf("writing tweet %s: %w", t.IDStr, err)
		}
		n++
	}
	printWarnings(f, a.Warnings())
	f.printer().V(1, "%d tweets written", n)
	return w.flush()
}
