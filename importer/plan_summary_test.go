package importer

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/archivetest"
)

// TestSummaryMatchesEstimate checks that the dry run's streaming summary
// counts exactly what EstimatePlan counts on the whole plan, and keeps
// the newest posts.
func TestSummaryMatchesEstimate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.zip")
	if _, err := archivetest.Write(path, archivetest.Options{Era: archivetest.EraGDPR, Tweets: 400, Zip: true, Seed: 7, MissingMedia: 3}); err != nil {
		t.Fatal(err)
	}
	a, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	cfg := benchPlanConfig(a)
	cfg.Options.Include = nil // replies and retweets skipped, so skips are counted too
	full, err := BuildPlan(ctx, a.Tweets(archive.TweetOptions{Sorted: true}), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Mark every third post done, as a journal of an earlier run would.
	done := func(key string) bool { return len(key)%3 == 0 || strings.HasSuffix(key, "7/0") }
	for _, tt := range []struct {
		name string
		keep int
		done func(string) bool
		lim  EstimateLimits
	}{
		{"count only", 0, nil, testLimits()},
		{"keep 50, some done", 50, done, testLimits()},
		{"keep more than all", 100_000, nil, testLimits()},
		{"keep 1", 1, done, EstimateLimits{Statuses: RateLimit{N: 10, Per: time.Hour}, Media: RateLimit{N: 2, Per: time.Hour}, Requests: RateLimit{N: 5, Per: time.Hour}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := EstimatePlan(full, tt.lim, tt.done)
			p, got, err := SummarizePlan(ctx, a.Tweets(archive.TweetOptions{Sorted: true}), cfg, SummaryConfig{Keep: tt.keep, Done: tt.done, Limits: tt.lim})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("summary estimate\n%+v\nwant\n%+v", got, want)
			}
			if p.Tweets != full.Tweets || p.Private != full.Private || !reflect.DeepEqual(p.MediaIssues, full.MediaIssues) {
				t.Errorf("plan counts differ: %d %+v %d issues, want %d %+v %d", p.Tweets, p.Private, len(p.MediaIssues), full.Tweets, full.Private, len(full.MediaIssues))
			}
			keep := min(tt.keep, len(full.Posts))
			if !reflect.DeepEqual(p.Posts, full.Posts[len(full.Posts)-keep:]) && keep > 0 {
				t.Errorf("kept %d posts, not the newest %d", len(p.Posts), keep)
			}
			if len(p.Posts) != keep || p.Dropped != len(full.Posts)-keep {
				t.Errorf("kept %d and dropped %d of %d posts, want %d kept", len(p.Posts), p.Dropped, len(full.Posts), keep)
			}
		})
	}
	if len(full.Posts) < 100 || len(full.Skipped) == 0 {
		t.Fatalf("the archive gives %d posts and %d skips: too few to test", len(full.Posts), len(full.Skipped))
	}
}

// BenchmarkSummarize100k is the dry run's planning of the 100k archive:
// counts and the newest posts only (compare BenchmarkPlan100k).
func BenchmarkSummarize100k(b *testing.B) {
	path := bigArchive(b)
	b.ResetTimer()
	for b.Loop() {
		a, err := archive.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		_, e, err := SummarizePlan(context.Background(), a.Tweets(archive.TweetOptions{Sorted: true}), benchPlanConfig(a), SummaryConfig{Keep: DefaultPreviewPosts, Limits: testLimits()})
		a.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(e.Posts), "posts")
	}
}
