package importer

import "github.com/fledge-cli/fledge/internal/mastodon"

// testLimits are the limits the Mastodon client starts with (Mastodon's
// own: 300 statuses per 3 h, 30 uploads per 30 min, 300 requests per
// 5 min, 10% headroom), read from the client's package as the adapter
// reads them: the importer keeps no copy, so its tests pass them.
func testLimits() EstimateLimits {
	d := mastodon.DefaultLimits()
	read := func(b mastodon.Bucket) RateLimit { return RateLimit{N: d[b].Count, Per: d[b].Period} }
	return EstimateLimits{
		Statuses: read(mastodon.BucketStatuses),
		Media:    read(mastodon.BucketMedia),
		Requests: read(mastodon.BucketAPI),
		Headroom: mastodon.DefaultHeadroom,
	}
}
