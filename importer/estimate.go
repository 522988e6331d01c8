package importer

import (
	"math"
	"sort"
	"time"
)

// RateLimit is one rate-limit bucket: N requests per Per.
type RateLimit struct {
	N   int
	Per time.Duration
}

// EstimateLimits are the buckets an import spends. Mastodon's are 300
// statuses per 3 h and 30 media uploads per 30 min (DefaultEstimateLimits).
type EstimateLimits struct {
	Statuses RateLimit
	Media    RateLimit
	// Headroom is the share of each bucket left to the user's other apps,
	// as the client's pacer leaves it.
	Headroom float64
}

// DefaultEstimateLimits are Mastodon's limits with the client's default
// 10% headroom.
func DefaultEstimateLimits() EstimateLimits {
	return EstimateLimits{
		Statuses: RateLimit{N: 300, Per: 3 * time.Hour},
		Media:    RateLimit{N: 30, Per: 30 * time.Minute},
		Headroom: 0.10,
	}
}

// Estimate is what a dry run reports.
type Estimate struct {
	Tweets   int           `json:"tweets"`  // tweets read
	Posts    int           `json:"posts"`   // statuses still to create
	Media    int           `json:"media"`   // uploads still to make
	Threads  int           `json:"threads"` // tweets split into several posts
	Skipped  int           `json:"skipped"` // tweets that give no post
	Issues   int           `json:"media_issues"`
	Duration time.Duration `json:"duration"` // time the remaining work takes under the limits
	Bound    string        `json:"bound"`    // the bucket that sets the pace: "statuses" or "media"
	Skips    []ReasonCount `json:"skip_reasons,omitempty"`
}

// ReasonCount is how many tweets were skipped for one reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// EstimatePlan counts the work left in p (posts for which done reports
// false; done may be nil) and the time it takes when each bucket is
// spent at its allowed rate. Both buckets drain at the same time, so the
// slower one decides.
func EstimatePlan(p *Plan, lim EstimateLimits, done func(key string) bool) Estimate {
	e := Estimate{Tweets: p.Tweets, Skipped: len(p.Skipped), Issues: len(p.MediaIssues)}
	for i := range p.Posts {
		pp := &p.Posts[i]
		if pp.Segment == 1 {
			e.Threads++
		}
		if done != nil && done(pp.Key) {
			continue
		}
		e.Posts++
		e.Media += len(pp.Media)
	}
	st := bucketTime(e.Posts, lim.Statuses, lim.Headroom)
	md := bucketTime(e.Media, lim.Media, lim.Headroom)
	e.Duration, e.Bound = st, "statuses"
	if md > st {
		e.Duration, e.Bound = md, "media"
	}
	e.Skips = SkipReasons(p.Skipped)
	return e
}

// bucketTime is how long n requests take at the bucket's sustained rate,
// with headroom left unused.
func bucketTime(n int, l RateLimit, headroom float64) time.Duration {
	if n == 0 || l.N <= 0 || l.Per <= 0 {
		return 0
	}
	budget := math.Floor(float64(l.N) * (1 - min(max(headroom, 0), 0.9)))
	budget = max(budget, 1)
	return time.Duration(float64(n) / budget * float64(l.Per)).Round(time.Second)
}

// SkipReasons counts skipped tweets by reason, most frequent first.
func SkipReasons(skips []Skip) []ReasonCount {
	counts := map[string]int{}
	for _, s := range skips {
		counts[s.Reason]++
	}
	out := make([]ReasonCount, 0, len(counts))
	for r, c := range counts {
		out = append(out, ReasonCount{Reason: r, Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Reason < out[j].Reason
	})
	return out
}
