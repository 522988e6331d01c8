package importer

import (
	"context"
	"fmt"
	"iter"

	"github.com/fledge-cli/fledge/archive"
)

// DefaultPreviewPosts is how many posts a dry run keeps for the preview:
// the newest ones. A page of 2,000 posts opens quickly in any browser and
// shows what an import looks like; the page says how many more there are.
const DefaultPreviewPosts = 2000

// SummaryConfig shapes SummarizePlan.
type SummaryConfig struct {
	// Keep is how many of the newest planned posts to keep in the plan
	// (for the preview); 0 keeps none.
	Keep int
	// Done reports posts an earlier run already created (nil: none); they
	// are not counted as work left.
	Done func(key string) bool
	// Limits pace the estimate: the server's buckets as the client paces
	// them; required (SummarizePlan refuses zero limits).
	Limits EstimateLimits
}

// SummarizePlan plans every tweet of seq as BuildPlan does, but keeps only
// counts and the newest cfg.Keep posts: a dry run prints counts and an
// estimate, so it needs no whole plan in memory. The returned plan's Posts
// are the kept posts, Dropped counts the others and Skipped is empty (the
// estimate counts skips by reason); MediaIssues, Private and Tweets are
// complete. The estimate equals EstimatePlan's on the whole plan.
func SummarizePlan(ctx context.Context, seq iter.Seq2[*archive.Tweet, error], pc PlanConfig, sc SummaryConfig) (*Plan, Estimate, error) {
	if sc.Limits.IsZero() {
		return nil, Estimate{}, errNoLimits
	}
	p, err := NewPlanner(pc)
	if err != nil {
		return nil, Estimate{}, err
	}
	s := &summary{keep: max(sc.Keep, 0), done: sc.Done, skips: map[string]int{}}
	p.summary = s
	n := 0
	for t, err := range seq {
		if err != nil {
			return nil, Estimate{}, fmt.Errorf("reading tweets: %w", err)
		}
		if n++; n%1024 == 0 && ctx.Err() != nil {
			return nil, Estimate{}, ctx.Err()
		}
		if err := p.Add(t); err != nil {
			return nil, Estimate{}, err
		}
	}
	plan := p.Plan()
	plan.Posts = s.kept()
	plan.Dropped = s.dropped
	plan.Fingerprint = "" // of the kept posts only: meaningless
	e := Estimate{Tweets: plan.Tweets, Posts: s.posts, Media: s.media, Threads: s.threads, Skipped: s.skipped, Issues: len(plan.MediaIssues)}
	e.Duration, e.Bound = paceCounts(sc.Limits, e.Posts, e.Media)
	e.Skips = reasonCounts(s.skips)
	return plan, e, nil
}

// summary is the Planner's state in SummarizePlan: counts, and a window
// of the newest posts.
type summary struct {
	keep    int
	done    func(string) bool
	posts   int // posts left to create
	media   int
	threads int
	skipped int
	skips   map[string]int
	dropped int           // planned posts not kept
	window  []PlannedPost // the newest posts, in order, from start
	start   int
}

// skip counts a skipped tweet.
func (s *summary) skip(reason string) {
	s.skipped++
	s.skips[reason]++
}

// add counts the posts of one tweet and keeps the newest keep of all.
func (s *summary) add(posts []PlannedPost) {
	for i := range posts {
		pp := &posts[i]
		if pp.Segment == 1 {
			s.threads++
		}
		if s.done == nil || !s.done(pp.Key) {
			s.posts++
			s.media += len(pp.Media)
		}
	}
	if s.keep == 0 {
		s.dropped += len(posts)
		return
	}
	s.window = append(s.window, posts...)
	if over := len(s.window) - s.start - s.keep; over > 0 {
		s.start += over
		s.dropped += over
	}
	// Slide the window back once half of it is dropped posts, so it
	// holds at most about twice keep posts.
	if s.start >= s.keep {
		n := copy(s.window, s.window[s.start:])
		clear(s.window[n:])
		s.window, s.start = s.window[:n], 0
	}
}

func (s *summary) kept() []PlannedPost { return s.window[s.start:] }
