package mastodon

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Bucket names one rate-limit counter on the server.
type Bucket string

// The buckets Mastodon keeps per token or user (mastodon-api.md §1). A
// request counts against every bucket that matches it, as on the server.
const (
	BucketAPI      Bucket = "api"      // any /api/*: 300 / 5 min per token
	BucketMedia    Bucket = "media"    // POST /api/v*/media: 30 / 30 min
	BucketStatuses Bucket = "statuses" // creating or editing a status: 300 / 3 h
	BucketFollows  Bucket = "follows"  // POST /api/v1/accounts/:id/follow: 400 / 24 h
	BucketDeletes  Bucket = "deletes"  // DELETE a status, unreblog: 30 / 30 min
	BucketPaging   Bucket = "paging"   // requests with max_id/min_id/since_id/page: 300 / 15 min
)

// Limit is one bucket's allowance: Count requests per Period, and how the
// server counts its windows and fledge spends them.
type Limit struct {
	Count  int
	Period time.Duration
	// Burst is the share of a window's budget fledge sends at once when
	// the window opens; the rest is spread evenly until it closes. 0 means
	// a tenth. 1 spends the window as fast as the server answers and then
	// waits for the next one.
	Burst float64
	// Rolling windows open at the first request after the previous window
	// closed (GoToSocial's limiter). Otherwise windows are fixed and
	// aligned to multiples of Period since the Unix epoch (Mastodon's
	// rack-attack and RateLimiter).
	Rolling bool
}

// DefaultLimits are Mastodon's real limits, the safe start for a server
// whose software is not known yet (see LimitsFor).
func DefaultLimits() map[Bucket]Limit { return clone(mastodonLimits) }

// Classify returns the buckets a request counts against, most general
// first. Requests outside /api/ (OAuth, nodeinfo, WebFinger) count
// against none.
func Classify(method, path string, query url.Values) []Bucket {
	if !strings.HasPrefix(path, "/api/") {
		return nil
	}
	bs := []Bucket{BucketAPI}
	if isPaging(query) {
		bs = append(bs, BucketPaging)
	}
	seg := strings.Split(strings.Trim(path, "/"), "/")
	// seg[0] == "api", seg[1] == "v1"/"v2", seg[2:] the resource.
	if len(seg) < 3 {
		return bs
	}
	res := seg[2:]
	switch method {
	case http.MethodPost:
		switch {
		case len(res) == 1 && res[0] == "media":
			bs = append(bs, BucketMedia)
		case len(res) == 1 && res[0] == "statuses":
			bs = append(bs, BucketStatuses)
		case len(res) == 3 && res[0] == "statuses" && res[2] == "reblog":
			// A reblog creates a status and counts as one.
			bs = append(bs, BucketStatuses)
		case len(res) == 3 && res[0] == "statuses" && res[2] == "unreblog":
			bs = append(bs, BucketDeletes)
		case len(res) == 3 && res[0] == "accounts" && res[2] == "follow":
			bs = append(bs, BucketFollows)
		}
	case http.MethodPut:
		if len(res) == 2 && res[0] == "statuses" {
			// Newer Mastodon counts edits against the statuses family.
			bs = append(bs, BucketStatuses)
		}
	case http.MethodDelete:
		if len(res) == 2 && res[0] == "statuses" {
			bs = append(bs, BucketDeletes)
		}
	}
	return bs
}

func isPaging(q url.Values) bool {
	for _, k := range []string{"max_id", "min_id", "since_id", "page"} {
		if q.Has(k) {
			return true
		}
	}
	return false
}

// countsOnlySuccess reports whether the server counts only successful
// actions in b (Mastodon's RateLimiter families), so a refused request
// gives its slot back.
func countsOnlySuccess(b Bucket) bool {
	return b == BucketFollows || b == BucketStatuses
}
