package importer

import (
	"context"
	"io"

	"github.com/fledge-cli/fledge/archive"
)

// rssDryRun does what `fledge import --dry-run` (or --preview) does once
// the server is known.
func rssDryRun(ctx context.Context, a *archive.Archive, preview bool, out io.Writer) error {
	p, err := BuildPlan(ctx, a.TweetsContext(ctx, archive.TweetOptions{Sorted: true}), benchPlanConfig(a))
	if err != nil {
		return err
	}
	est := EstimatePlan(p, DefaultEstimateLimits(), nil)
	if !preview {
		return nil
	}
	open := func(f string) (io.ReadCloser, error) {
		rc, _, err := a.OpenFile(f)
		return rc, err
	}
	return WritePreview(ctx, out, p, PreviewOptions{Estimate: est, Open: open})
}
