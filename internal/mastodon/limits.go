package mastodon

import (
	"maps"
	"math"
	"strings"
	"time"
)

// pacingRule says which limits one family of server software gets.
type pacingRule struct {
	// names are the software names as nodeinfo reports them (lower case),
	// or as ServerProfile.Software guesses them without nodeinfo.
	names  []string
	limits map[Bucket]Limit
	why    string
}

// Mastodon's throttles (config/initializers/rack_attack.rb) and its
// RateLimiter families (app/lib/rate_limiter.rb, since PR #13172):
// fixed windows aligned to the epoch, per token or user.
var mastodonLimits = map[Bucket]Limit{
	BucketAPI:      {Count: 300, Period: 5 * time.Minute},
	BucketMedia:    {Count: 30, Period: 30 * time.Minute},
	BucketStatuses: {Count: 300, Period: 3 * time.Hour},
	BucketFollows:  {Count: 400, Period: 24 * time.Hour},
	BucketDeletes:  {Count: 30, Period: 30 * time.Minute},
	BucketPaging:   {Count: 300, Period: 15 * time.Minute},
}

// pacingTable is the one place that says which server software gets which
// limits, and why. LimitsFor picks the row by the software the server
// reports (nodeinfo, else /api/v2/instance): a row is never chosen by
// guesswork about the host. Whatever the row, the server's own
// X-RateLimit-* headers correct the count and the window of the bucket they
// describe on every response (Pacer.observe), so a server whose admin
// changed its limits is followed as soon as it answers, and a 429 or a 503
// with Retry-After holds the bucket until the time the server gives.
//
//   - Mastodon and the forks that keep its rack-attack and RateLimiter code
//     (glitch-soc and Hometown, which mostly report "mastodon" with a
//     "+glitch" or "+hometown" version; Fedibird and kmyblue):
//     rack-attack's 300 requests / 5 min per token, 30 uploads and
//     30 deletions / 30 min, 300 paging requests / 15 min, and the
//     RateLimiter families 300 statuses / 3 h and 400 follows / 24 h
//     (mastodon-api.md §1). A tenth of each budget goes at once, the rest is
//     spread over the window: on Mastodon the per-action buckets bind, and
//     spreading them keeps followers' feeds from a flood.
//   - GoToSocial: no per-action limits at all; one limiter per IP and route
//     group, 300 requests / 5 min by default (advanced-rate-limit-requests;
//     GoToSocial docs/api/ratelimiting.md), in windows that open at the
//     first request after the previous one closed (the ulule/limiter
//     memory store behind internal/middleware/ratelimit.go), announced by
//     X-Ratelimit-* on every response; plus 503 + Retry-After when it holds
//     too many requests open (internal/middleware/throttling.go). The
//     request budget is the only one, and nothing is gained by spreading
//     it: fledge spends a window's budget as fast as the server answers,
//     then waits for the next window.
//   - Pleroma and Akkoma (Akkoma forked Pleroma and kept its limiter):
//     config :pleroma, :rate_limit in config/config.exs has no general API
//     or upload limiter; statuses_actions allows 15 status creations per
//     10 s per user and, as its own bucket, 15 deletions (and other status
//     actions) per 10 s; relations_actions 10 follows per 10 s, each in
//     fixed windows of the configured length.
//   - Misskey and its forks Sharkey and Iceshrimp, through their Mastodon
//     API: the endpoint metadata of notes/create and notes/delete allow
//     300 per hour each (packages/backend/src/server/api/endpoints/notes/);
//     uploads, follows and requests are not researched, so Mastodon's
//     limits stay as the safe start there.
//   - Hollo: its API router (src/api/index.ts) mounts CORS and the v1/v2
//     routes, no rate limiter; snac (codeberg grunfink/snac2) could not be
//     checked. Neither is in the table: like any software not named here
//     they get Mastodon's limits as the safe start, and the headers correct
//     them where the server sends any. (Promoting Hollo to "no limits"
//     would trust a reading of one file over a safe start.)
var pacingTable = []pacingRule{
	{
		names:  []string{"mastodon", "glitch-soc", "glitchsoc", "hometown", "fedibird", "kmyblue"},
		limits: mastodonLimits,
		why:    "Mastodon's per-action limits (300 posts / 3 h, 30 uploads / 30 min, 30 deletions / 30 min) and 300 requests / 5 min",
	},
	{
		names: []string{"gotosocial"},
		limits: map[Bucket]Limit{
			BucketAPI: {Count: 300, Period: 5 * time.Minute, Burst: 1, Rolling: true},
		},
		why: "GoToSocial's per-IP request limit (300 / 5 min unless its headers say otherwise); no per-action limits",
	},
	{
		names: []string{"pleroma", "akkoma"},
		limits: map[Bucket]Limit{
			BucketStatuses: {Count: 15, Period: 10 * time.Second},
			BucketDeletes:  {Count: 15, Period: 10 * time.Second},
			BucketFollows:  {Count: 10, Period: 10 * time.Second},
		},
		why: "Pleroma's statuses_actions (15 / 10 s) and relations_actions (10 / 10 s); no upload or request limit",
	},
	{
		names:  []string{"misskey", "sharkey", "iceshrimp"},
		limits: withOverrides(mastodonLimits, map[Bucket]Limit{BucketStatuses: {Count: 300, Period: time.Hour}, BucketDeletes: {Count: 300, Period: time.Hour}}),
		why:    "Misskey's 300 notes / h for posting and deleting; Mastodon's other limits as a safe start",
	},
}

// unknownRule is used when the software is not in pacingTable, or not
// known yet: Mastodon's limits, the strictest common ones.
var unknownRule = pacingRule{
	limits: mastodonLimits,
	why:    "software not known to fledge: Mastodon's limits as a safe start, corrected by the server's headers",
}

func ruleFor(p ServerProfile) pacingRule {
	for _, name := range []string{strings.ToLower(p.SoftwareName), string(p.Software)} {
		if name == "" {
			continue
		}
		for _, r := range pacingTable {
			for _, n := range r.names {
				if n == name {
					return r
				}
			}
		}
	}
	return unknownRule
}

// LimitsFor returns the limits fledge paces a server by, from the software
// it reports (see pacingTable). A bucket missing from the result is not
// limited by that server. The zero ServerProfile (nothing detected) gets
// Mastodon's limits.
func LimitsFor(p ServerProfile) map[Bucket]Limit { return clone(ruleFor(p).limits) }

// PacingReason says in a sentence which limits LimitsFor chose and why,
// for logs and help.
func PacingReason(p ServerProfile) string { return ruleFor(p).why }

func clone(m map[Bucket]Limit) map[Bucket]Limit { return maps.Clone(m) }

// withOverrides returns base with each bucket of over replacing its count
// and period; the window style (Burst, Rolling) stays base's when base has
// the bucket, since scaling a window down does not change how the server
// counts it.
func withOverrides(base, over map[Bucket]Limit) map[Bucket]Limit {
	out := clone(base)
	if out == nil {
		out = map[Bucket]Limit{}
	}
	for b, l := range over {
		if cur, ok := out[b]; ok {
			cur.Count, cur.Period = l.Count, l.Period
			if l.Burst != 0 {
				cur.Burst = l.Burst
			}
			cur.Rolling = cur.Rolling || l.Rolling
			out[b] = cur
			continue
		}
		out[b] = l
	}
	return out
}

// Usable is how many requests of each window fledge allows itself,
// leaving headroom (a share: DefaultHeadroom is 10%, clamped to [0, 0.9])
// for the user's other apps; at least one. The pacer's budget.
func (l Limit) Usable(headroom float64) int {
	if l.Count <= 0 {
		return 0
	}
	h := min(max(headroom, 0), 0.9)
	// The epsilon keeps 100×(1-0.9) from flooring to 9.
	return max(1, int(math.Floor(float64(l.Count)*(1-h)+1e-9)))
}

// Sustained is how long n requests take at the limit's long-run rate,
// Usable(headroom) per Period, ignoring where the current window stands:
// the figure for a server fledge is not talking to (status's ETAs). A
// live client's Pacer.Duration is the exact schedule.
func (l Limit) Sustained(n int, headroom float64) time.Duration {
	u := l.Usable(headroom)
	if n <= 0 || u <= 0 || l.Period <= 0 {
		return 0
	}
	return time.Duration(float64(n) / float64(u) * float64(l.Period))
}
