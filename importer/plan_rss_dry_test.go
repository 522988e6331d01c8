package importer

import (
	"context"
	"io"

	"github.com/fledge-cli/fledge/archive"
)

// rssDryRun does what `fledge import --dry-run` (or --preview) does once
// the server is known: SummarizePlan, then the preview of the kept posts.
func rssDryRun(ctx context.Context, a *archive.Archive, preview bool, out io.Writer) error {
	keep := 0
	if preview {
		keep = DefaultPreviewPosts
	}
	p, est, err := SummarizePlan(ctx, a.TweetsContext(ctx, archive.TweetOptions{Sorted: true}), benchPlanConfig(a), SummaryConfig{Keep: keep, Limits: DefaultEstimateLimits()})
	if err != nil || !preview {
		return err
	}
	open := func(f string) (io.ReadCloser, error) {
		rc, _, err := a.OpenFile(f)
		return rc, err
	}
	return WritePreview(ctx, out, p, PreviewOptions{Estimate: est, Open: open})
}
