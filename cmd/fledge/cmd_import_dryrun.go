package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/importer/preview"
	"github.com/fledge-cli/fledge/internal/atomicfile"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/ui"
)

// journalPath is the job's journal file.
func (j *importJob) journalPath() string { return j.paths.Journal(j.ref.Key, j.job) }

// dryRun plans without keeping the whole plan (it only counts, and keeps
// the newest posts for the preview), prints what the import would do, and
// writes the preview.
func (j *importJob) dryRun(ctx context.Context, f *factory, opts *importOptions, cfg importer.PlanConfig) error {
	var done func(string) bool
	// Not logged in (no client): no account, so no journal of posts made.
	if st, err := j.readJournal(); err == nil && st != nil {
		done = func(k string) bool { return st.Done(journal.Key(k)) }
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("read the journal: %w", err)
	}
	keep := 0
	if opts.Preview != "" {
		keep = max(opts.PreviewMax, 0)
	}
	plan, est, err := importer.SummarizePlan(ctx, j.arch.TweetsContext(ctx, archive.TweetOptions{Sorted: true}), cfg,
		importer.SummaryConfig{Keep: keep, Done: done, Limits: j.estimateLimits()})
	if err != nil {
		return fmt.Errorf("%s: %w", opts.Archive, err)
	}
	j.plan = plan
	p := f.printer()
	if opts.Preview != "" {
		if est.Media > 0 {
			// Thumbnails take a moment each; say why the wait.
			p.Message("writing %s with thumbnails of up to %d media files…", opts.Preview, est.Media)
		}
		if err := j.writePreviewFile(ctx, opts.Preview, est); err != nil {
			return err
		}
		p.Message("preview written to %s", opts.Preview)
	}
	j.printEstimate(p, est)
	return nil
}

// printEstimate writes the dry run's counts as tab-separated lines on
// stdout and its summary on stderr; under --json, one {"type":"estimate"}
// line on stdout.
func (j *importJob) printEstimate(p ui.Printer, est importer.Estimate) {
	var b strings.Builder
	fmt.Fprintf(&b, "tweets\t%d\nposts\t%d\nmedia\t%d\nthreads\t%d\nskipped\t%d\n",
		est.Tweets, est.Posts, est.Media, est.Threads, est.Skipped)
	for _, r := range est.Skips {
		fmt.Fprintf(&b, "skip\t%d\t%s\n", r.Count, r.Reason)
	}
	// Kept followers-only whatever --visibility says.
	if n := j.plan.Private.Protected; n > 0 {
		fmt.Fprintf(&b, "private\t%d\twritten while the account was protected\n", n)
	}
	if n := j.plan.Private.Circle; n > 0 {
		fmt.Fprintf(&b, "private\t%d\tTwitter Circle tweets\n", n)
	}
	for _, m := range j.plan.MediaIssues {
		fmt.Fprintf(&b, "media_issue\t%s\t%s\t%s\n", m.TweetID, m.File, m.Reason)
	}
	p.Data("", nil, b.String())
	mode := "visible reposts with a date footer"
	if j.plan.Options.Backdate {
		mode = "backdated (quiet: not federated, no notifications)"
	}
	summary := fmt.Sprintf("dry run: %d posts (%d media) from %d tweets, %s, %s; %s",
		est.Posts, est.Media, est.Tweets, j.plan.Options.Visibility, mode, paceNote(est))
	p.Report("estimate", estimateJSON(est, j.plan.Private, j.job), summary)
}

// writePreviewFile writes the HTML preview, with thumbnails of the
// archive's pictures. It replaces the file atomically, so an interrupted
// preview leaves no half page and keeps an older one.
func (j *importJob) writePreviewFile(ctx context.Context, path string, est importer.Estimate) error {
	open := func(file string) (io.ReadCloser, error) { rc, _, err := j.arch.OpenFile(file); return rc, err }
	more := "Run fledge import --preview with --preview-posts N to show more."
	err := atomicfile.Write(path, 0o644, func(fh io.Writer) error {
		w := bufio.NewWriter(fh)
		if err := preview.Write(ctx, w, j.plan, preview.Options{Estimate: est, Open: open, More: more}); err != nil {
			return err
		}
		return w.Flush()
	})
	if err != nil {
		return fmt.Errorf("--preview: %w", err)
	}
	return nil
}
