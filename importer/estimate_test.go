package importer

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
)

func TestEstimatePlan(t *testing.T) {
	mk := func(posts, mediaPer int) *Plan {
		p := &Plan{Tweets: posts + 2, Skipped: []Skip{{"a", SkipRetweet}, {"b", SkipRetweet}}}
		for i := range posts {
			pp := PlannedPost{Key: postKey(uint64(i+1), 0)}
			for range mediaPer {
				pp.Media = append(pp.Media, PlannedMedia{File: "f.jpg"})
			}
			p.Posts = append(p.Posts, pp)
		}
		return p
	}
	lim := testLimits()
	tests := []struct {
		name     string
		plan     *Plan
		done     func(string) bool
		duration time.Duration
		bound    string
	}{
		{"empty", mk(0, 0), nil, 0, "statuses"},
		{"270 posts fill one 3h budget", mk(270, 0), nil, 3 * time.Hour, "statuses"},
		{"2700 text posts take 30 h", mk(2700, 0), nil, 30 * time.Hour, "statuses"},
		{"media bound", mk(270, 1), nil, 5 * time.Hour, "media"},
		{"done posts cost nothing", mk(540, 0), func(k string) bool { return k < "3" }, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := EstimatePlan(tt.plan, lim, tt.done)
			if tt.done != nil {
				if e.Posts >= len(tt.plan.Posts) {
					t.Errorf("done posts still counted: %d", e.Posts)
				}
				return
			}
			if e.Duration != tt.duration || e.Bound != tt.bound {
				t.Errorf("duration %v bound %s, want %v %s", e.Duration, e.Bound, tt.duration, tt.bound)
			}
			if e.Skipped != 2 || len(e.Skips) != 1 || e.Skips[0].Count != 2 {
				t.Errorf("skips = %+v", e.Skips)
			}
		})
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		40 * time.Second:                      "40 s",
		2*time.Hour + 5*time.Minute:           "2 h 5 min",
		76 * time.Hour:                        "3 d 4 h",
		3*time.Minute + 1500*time.Millisecond: "3 min 2 s",
	} {
		if got := HumanDuration(d); got != want {
			t.Errorf("HumanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// On a server with only a request limit (GoToSocial) posts and uploads
// both spend it, and the bucket named is "requests".
func TestEstimateRequestsOnly(t *testing.T) {
	p := &Plan{}
	for i := range 400 {
		pp := PlannedPost{Key: postKey(uint64(i+1), 0)}
		if i%2 == 0 {
			pp.Media = []PlannedMedia{{File: "f.jpg"}}
		}
		p.Posts = append(p.Posts, pp)
	}
	lim := EstimateLimits{Requests: RateLimit{N: 300, Per: 5 * time.Minute}, Headroom: 0.10}
	e := EstimatePlan(p, lim, nil)
	// 400 posts + 200 uploads = 600 requests at 270 per 5 min.
	if want := (600 * 5 * time.Minute / 270).Round(time.Second); e.Duration != want || e.Bound != BucketRequests {
		t.Errorf("duration %v bound %s, want %v requests", e.Duration, e.Bound, want)
	}
	// The client's own schedule wins when given, asked per bucket.
	asked := map[string]int{}
	lim.Pace = func(b string, n int) time.Duration {
		asked[b] = n
		if b == BucketMedia {
			return time.Minute
		}
		return time.Second
	}
	e = EstimatePlan(p, lim, nil)
	if e.Duration != time.Minute || e.Bound != BucketMedia {
		t.Errorf("with Pace: %v %s, want 1m0s media", e.Duration, e.Bound)
	}
	if asked[BucketStatuses] != 400 || asked[BucketMedia] != 200 || asked[BucketRequests] != 600 {
		t.Errorf("Pace asked %v", asked)
	}
	if lim.IsZero() || !(EstimateLimits{}).IsZero() {
		t.Error("IsZero is wrong")
	}
}

// The importer keeps no default limits: a caller that passes none gets an
// error, not an estimate for an unlimited server.
func TestZeroLimitsRefused(t *testing.T) {
	if _, err := Execute(context.Background(), &Plan{}, nil, nil, ExecConfig{Account: "me"}); !errors.Is(err, errNoLimits) {
		t.Errorf("Execute without limits: %v, want %v", err, errNoLimits)
	}
	seq := func(yield func(*archive.Tweet, error) bool) {}
	if _, _, err := SummarizePlan(context.Background(), seq, PlanConfig{}, SummaryConfig{}); !errors.Is(err, errNoLimits) {
		t.Errorf("SummarizePlan without limits: %v, want %v", err, errNoLimits)
	}
}
