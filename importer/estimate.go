package importer

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// RateLimit is one rate-limit bucket: N requests per Per.
type RateLimit struct {
	N   int
	Per time.Duration
}

// EstimateLimits are the buckets an import spends, as the client paces
// them for the server at hand. The importer keeps no copy of any server's
// limits: its caller reads them from the Mastodon client
// (internal/adapter.EstimateLimits, or adapter.DefaultEstimateLimits before
// a login). Mastodon limits statuses and media uploads; GoToSocial has only
// a request limit, which every post and upload spends. A zero RateLimit is
// a bucket the server does not limit.
type EstimateLimits struct {
	Statuses RateLimit
	Media    RateLimit
	Requests RateLimit // every API request: posts and uploads alike
	// Headroom is the share of each bucket left to the user's other apps,
	// as the client's pacer leaves it.
	Headroom float64
	// Pace, when set, is the client's own schedule: how long from now n
	// more requests in a bucket (BucketStatuses, BucketMedia,
	// BucketRequests) take as its pacer will send them. It makes the
	// estimate the execution's own arithmetic, with what the server's
	// headers said and what this window has left. Without it each bucket
	// is assumed spent at its even rate.
	Pace func(bucket string, n int) time.Duration
}

// The buckets EstimateLimits.Pace is asked about.
const (
	BucketStatuses = "statuses"
	BucketMedia    = "media"
	BucketRequests = "requests"
)

// IsZero reports limits nobody filled in: Execute and SummarizePlan
// refuse them, since no server is without any limit.
func (l EstimateLimits) IsZero() bool {
	return l.Statuses.N == 0 && l.Media.N == 0 && l.Requests.N == 0 && l.Pace == nil
}

// errNoLimits is a caller's mistake: the limits come from the client.
var errNoLimits = errors.New("importer: no rate limits given; pass the server's limits as the Mastodon client paces them")

// Estimate is what a dry run reports.
type Estimate struct {
	Tweets   int           `json:"tweets"`  // tweets read
	Posts    int           `json:"posts"`   // statuses still to create
	Media    int           `json:"media"`   // uploads still to make
	Threads  int           `json:"threads"` // tweets split into several posts
	Skipped  int           `json:"skipped"` // tweets that give no post
	Issues   int           `json:"media_issues"`
	Duration time.Duration `json:"duration"` // time the remaining work takes under the limits
	Bound    string        `json:"bound"`    // the bucket that sets the pace: "statuses", "media" or "requests"
	Skips    []ReasonCount `json:"skip_reasons,omitempty"`
}

// ReasonCount is how many tweets were skipped for one reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// EstimatePlan counts the work left in p (posts for which done reports
// false; done may be nil) and the time it takes when each bucket is
// spent as the client paces it. The buckets drain at the same time, so the
// slowest one decides. Each post and each upload is one request.
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
	e.Duration, e.Bound = paceCounts(lim, e.Posts, e.Media)
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
	return reasonCounts(counts)
}

// paceCounts is the time n posts and media take under lim, and the bucket
// that sets it: every post and upload is one request, and the slowest
// bucket decides. EstimatePlan and the dry run's SummarizePlan both use it.
func paceCounts(lim EstimateLimits, posts, media int) (d time.Duration, bound string) {
	pace := lim.Pace
	if pace == nil {
		pace = func(bucket string, n int) time.Duration {
			switch bucket {
			case BucketStatuses:
				return bucketTime(n, lim.Statuses, lim.Headroom)
			case BucketMedia:
				return bucketTime(n, lim.Media, lim.Headroom)
			}
			return bucketTime(n, lim.Requests, lim.Headroom)
		}
	}
	bound = BucketStatuses
	for _, b := range []struct {
		name string
		n    int
	}{{BucketStatuses, posts}, {BucketMedia, media}, {BucketRequests, posts + media}} {
		if t := pace(b.name, b.n); t > d {
			d, bound = t, b.name
		}
	}
	return d, bound
}

// reasonCounts orders skip counts as SkipReasons does.
func reasonCounts(counts map[string]int) []ReasonCount {
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

// HumanDuration writes a long duration the way people say it: "3 d 4 h",
// "2 h 5 min", "40 s".
func HumanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%d d %d h", d/(24*time.Hour), (d%(24*time.Hour))/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%d h %d min", d/time.Hour, (d%time.Hour)/time.Minute)
	case d >= time.Minute:
		return fmt.Sprintf("%d min %d s", d/time.Minute, (d%time.Minute)/time.Second)
	}
	return fmt.Sprintf("%d s", d/time.Second)
}
