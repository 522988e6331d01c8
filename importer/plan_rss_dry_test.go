package importer_test

import (
	"context"
	"io"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/importer/preview"
	"github.com/fledge-cli/fledge/internal/adapter"
)

// rssDryRun does what `fledge import --dry-run` (or --preview) does once
// the server is known: SummarizePlan, then the preview of the kept posts.
func rssDryRun(ctx context.Context, a *archive.Archive, withPreview bool, out io.Writer) error {
	keep := 0
	if withPreview {
		keep = importer.DefaultPreviewPosts
	}
	p, est, err := importer.SummarizePlan(ctx, a.TweetsContext(ctx, archive.TweetOptions{Sorted: true}), importer.BenchPlanConfig(a), importer.SummaryConfig{Keep: keep, Limits: adapter.DefaultEstimateLimits()})
	if err != nil || !withPreview {
		return err
	}
	open := func(f string) (io.ReadCloser, error) {
		rc, _, err := a.OpenFile(f)
		return rc, err
	}
	return preview.Write(ctx, out, p, preview.Options{Estimate: est, Open: open})
}
