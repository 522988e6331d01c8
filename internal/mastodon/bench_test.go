package mastodon_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// BenchmarkFollowPacing follows accounts against a server whose follows
// window is scaled down to 40 per 2 s, and reports the achieved rate
// against the allowed one and the 429s per window. Run long enough to
// span several windows, e.g. -benchtime=200x (about 10 s).
func BenchmarkFollowPacing(b *testing.B) {
	const (
		limit  = 40
		period = 2 * time.Second
	)
	srvLimits := roomyServerLimits
	srvLimits.Follows = mastotest.Limit{N: limit, Per: period}
	cliLimits := map[mastodon.Bucket]mastodon.Limit{}
	for k, v := range roomyLimits {
		cliLimits[k] = v
	}
	cliLimits[mastodon.BucketFollows] = mastodon.Limit{Count: limit, Period: period}
	s, c := newPair(b, mastotest.Options{Limits: srvLimits},
		mastodon.Options{Limits: cliLimits, Headroom: 0.05})
	ctx := context.Background()

	ids := make([]mastodon.ID, b.N)
	for i := range b.N {
		acct := fmt.Sprintf("bench%d@remote.example", i)
		s.AddRemoteAccount(acct, mastotest.RemoteOptions{Known: true})
		a, err := c.Lookup(ctx, acct)
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = a.ID
	}
	// Start on a window boundary so the first window is a whole one and
	// the rate is not flattered by a partial window's full budget.
	now := time.Now()
	time.Sleep(now.Truncate(period).Add(period).Sub(now))
	s.ResetRequests()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if _, err := c.Follow(ctx, ids[i], mastodon.FollowOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()

	tooMany := 0
	for _, r := range s.Requests() {
		if r.Status == 429 && strings.HasSuffix(strings.SplitN(r.Path, "?", 2)[0], "/follow") {
			tooMany++
		}
	}
	windows := math.Max(1, math.Ceil(elapsed.Seconds()/period.Seconds()))
	allowed := float64(limit) / period.Seconds()
	achieved := float64(b.N) / elapsed.Seconds()
	b.ReportMetric(achieved, "follows/s")
	b.ReportMetric(100*achieved/allowed, "%allowed")
	b.ReportMetric(float64(tooMany)/windows, "429s/window")
}
