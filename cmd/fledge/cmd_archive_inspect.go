package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/steps"
)

// archiveInspectOptions are the inspect step's typed options.
type archiveInspectOptions = steps.InspectOptions

func newArchiveInspectCmd(f *factory) *cobra.Command {
	opts := &archiveInspectOptions{}
	return &cobra.Command{
		Use:   "inspect ARCHIVE",
		Short: "Summarize what an archive holds",
		Long: `Summarize what an archive holds: its format, the account, how many tweets of
each kind, media files present and missing, and the social graph.

With --json, exactly one JSON object is written to stdout:

  {"format": "grailbird" | "gdpr-2018" | "gdpr",
   "account": {"id", "username", "display_name"},
   "tweets": {"total", "retweets", "replies", "self_replies", "quotes",
              "with_media", "long", "community", "deleted", "circle", "protected",
              "first", "last"},
   "media": {"referenced", "present", "missing"},
   "following", "followers", "blocks", "mutes", "likes", "lists"}`,
		Example: `  fledge archive inspect twitter-2024-01-01-abc.zip
  fledge archive inspect --json ~/Downloads/twitter-archive/`,
		Args: exactArgs(1, "one archive (a .zip file or a folder)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Archive = args[0]
			return runArchiveInspect(cmd.Context(), f, opts)
		},
	}
}

func runArchiveInspect(ctx context.Context, f *factory, opts *archiveInspectOptions) error {
	a, err := archive.Open(opts.Archive)
	if err != nil {
		return err
	}
	defer a.Close()
	sum, err := a.Inspect(ctx)
	if err != nil {
		return err
	}
	printWarnings(f, a.Warnings())
	var text strings.Builder
	if err := printInspect(&text, opts.Archive, sum); err != nil {
		return err
	}
	f.printer().Data("archive_summary", sum, text.String())
	return nil
}

func printInspect(out io.Writer, path string, s archive.Summary) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	p := func(format string, a ...any) { fmt.Fprintf(tw, format+"\n", a...) }
	p("Archive:\t%s", path)
	p("Format:\t%s", formatName(s.Format))
	acct := "(unknown)"
	if s.Account.Username != "" {
		acct = "@" + s.Account.Username
		if s.Account.DisplayName != "" {
			acct += " (" + s.Account.DisplayName + ")"
		}
	}
	if s.Account.ID != "" {
		acct += ", id " + s.Account.ID
	}
	p("Account:\t%s", acct)
	t := s.Tweets
	if t.Total > 0 {
		p("Tweets:\t%d, from %s to %s", t.Total, dateOnly(t.First), dateOnly(t.Last))
	} else {
		p("Tweets:\t0")
	}
	p("  retweets\t%d", t.Retweets)
	p("  replies to others\t%d", t.Replies)
	p("  self-replies (threads)\t%d", t.SelfReplies)
	p("  quotes\t%d", t.Quotes)
	p("  with media\t%d", t.WithMedia)
	p("  long posts\t%d", t.Long)
	p("  Twitter Circle\t%d", t.Circle)
	p("  while protected\t%d", t.Protected)
	p("Community tweets:\t%d", t.Community)
	p("Deleted tweets:\t%d (not counted above)", t.Deleted)
	p("Media:\t%d referenced, %d present, %d missing", s.Media.Referenced, s.Media.Present, s.Media.Missing)
	p("Following:\t%d", s.Following)
	p("Followers:\t%d", s.Followers)
	p("Blocks:\t%d", s.Blocks)
	p("Mutes:\t%d", s.Mutes)
	p("Likes:\t%d", s.Likes)
	p("Lists:\t%d", s.Lists)
	return tw.Flush()
}

func formatName(f archive.Format) string {
	switch f {
	case archive.FormatGrailbird:
		return "grailbird (classic archive, 2012–2019)"
	case archive.FormatGDPR2018:
		return "gdpr-2018 (files at the archive root, 2018–2020)"
	case archive.FormatGDPR:
		return "gdpr (data/ folder, 2020 on)"
	}
	return string(f)
}

// dateOnly shortens an RFC 3339 time to its date for the human summary.
func dateOnly(rfc3339 string) string {
	if len(rfc3339) >= 10 {
		return rfc3339[:10]
	}
	return rfc3339
}
