package preview

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/archivetest"
)

// TestPreviewOfSummary: a preview of a dry run's plan shows the kept
// posts, counts all of them and says how to see more.
func TestPreviewOfSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.zip")
	if _, err := archivetest.Write(path, archivetest.Options{Era: archivetest.EraGDPR, Tweets: 120, Zip: true, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	a, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p, est, err := importer.SummarizePlan(context.Background(), a.Tweets(archive.TweetOptions{Sorted: true}), summaryPlanConfig(a), importer.SummaryConfig{Keep: 7, Limits: adapter.DefaultEstimateLimits()})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Write(context.Background(), &b, p, Options{Estimate: est, More: "ask for more"}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	total := len(p.Posts) + p.Dropped
	for _, want := range []string{
		fmt.Sprintf("<dt>Posts to create</dt><dd>%d ", total),
		fmt.Sprintf("shows the newest 7 of the %d posts; the %d older ones", total, total-7),
		"ask for more",
		`id="p-` + strings.ReplaceAll(p.Posts[6].Key, "/", "-") + `"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(page, `<article class="post`); n != 7 {
		t.Errorf("%d posts on the page, want 7", n)
	}
}
