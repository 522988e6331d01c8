package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/archivetest"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

var (
	bigArchiveOnce sync.Once
	bigArchivePath string
	bigArchiveErr  error
)

// bigArchive generates a 100,000-tweet archive once and keeps it in the
// system temp directory across benchmark runs (it is deterministic).
func bigArchive(b testing.TB) string {
	bigArchiveOnce.Do(func() {
		bigArchivePath = filepath.Join(os.TempDir(), "fledge-importer-bench-100k")
		if _, err := os.Stat(filepath.Join(bigArchivePath, "data", "manifest.js")); err == nil {
			return
		}
		_, bigArchiveErr = archivetest.Write(bigArchivePath, archivetest.Options{Era: archivetest.EraGDPR, Tweets: 100_000, Parts: 4, Seed: 100})
	})
	if bigArchiveErr != nil {
		b.Fatal(bigArchiveErr)
	}
	return bigArchivePath
}

func benchPlanConfig(a *archive.Archive) PlanConfig {
	prof := mastodon.ServerProfile{Software: mastodon.SoftwareMastodon, Limits: mastodon.ServerLimits{MaxCharacters: 500, CharactersPerURL: 23, MaxMedia: 4}}
	return PlanConfig{
		Account: "me@social.example",
		Server:  ServerTraits{Software: "mastodon", MaxChars: 500, CharsPerURL: 23, MaxMedia: 4, NativeQuotes: true},
		Count:   func(s string) int { return mastodon.CountChars(prof, s) },
		Options: PlanOptions{Footer: DefaultFooter, Include: []string{IncludeReplies, IncludeRetweets}},
		Size: func(f string) (int64, error) {
			rc, n, err := a.OpenFile(f)
			if err != nil {
				return 0, err
			}
			rc.Close()
			return n, nil
		},
	}
}

// BenchmarkPlan100k plans a 100,000-tweet archive: reading it sorted,
// composing, splitting and checking media. Budget: 5 s per plan.
func BenchmarkPlan100k(b *testing.B) {
	path := bigArchive(b)
	b.ResetTimer()
	for b.Loop() {
		a, err := archive.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		p, err := BuildPlan(context.Background(), a.Tweets(archive.TweetOptions{Sorted: true}), benchPlanConfig(a))
		a.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(p.Tweets), "tweets")
		b.ReportMetric(float64(len(p.Posts)), "posts")
	}
}

// TestPlanPeakRSS plans the 100k archive in a process of its own and
// reports the peak resident set (VmHWM): run it with
//
//	FLEDGE_PLAN_RSS=1 go test -run TestPlanPeakRSS -v ./importer
//
// (or under /usr/bin/time -v). Budget: 200 MB. It is opt-in because
// generating the archive the first time takes a while.
func TestPlanPeakRSS(t *testing.T) {
	if os.Getenv("FLEDGE_PLAN_RSS") == "" {
		t.Skip("set FLEDGE_PLAN_RSS=1 to measure planning's peak RSS")
	}
	path := bigArchive(t)
	if os.Getenv("FLEDGE_PLAN_RSS") == "gen" {
		return // only generate, so the next run measures planning alone
	}
	before := vmHWM(t)
	start := time.Now()
	a, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p, err := BuildPlan(context.Background(), a.Tweets(archive.TweetOptions{Sorted: true}), benchPlanConfig(a))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("planned %d tweets into %d posts in %v; peak RSS %d MB (%d MB before planning)",
		p.Tweets, len(p.Posts), time.Since(start).Round(time.Millisecond), vmHWM(t)>>20, before>>20)
}

// vmHWM reads the process's peak resident set size from /proc.
func vmHWM(t testing.TB) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no VmHWM")
	return 0
}

// BenchmarkPostRate posts through the real client against mastotest with
// the statuses bucket scaled down to 30 per 2 s, for three windows, and
// reports the achieved rate as a share of the allowed one and the 429s
// per window. Run with -benchtime=1x: one iteration takes ~6 s.
func BenchmarkPostRate(b *testing.B) {
	const n, per, windows = 30, 2 * time.Second, 3
	for b.Loop() {
		limits := roomyServer
		limits.Statuses = mastotest.Limit{N: n, Per: per}
		climits := map[mastodon.Bucket]mastodon.Limit{}
		for k, v := range roomyClient {
			climits[k] = v
		}
		climits[mastodon.BucketStatuses] = mastodon.Limit{Count: n, Period: per}
		s, c := testServer(b, mastotest.Options{Limits: limits}, mastodon.Options{Limits: climits, Headroom: -1})

		p := &Plan{}
		for i := range n * windows {
			p.Posts = append(p.Posts, PlannedPost{Key: postKey(uint64(i+1), 0), TweetID: strconv.Itoa(i + 1), Text: fmt.Sprintf("post number %d", i+1), Visibility: "unlisted"})
		}
		j, err := journal.Open(b.TempDir(), "rate", journal.Options{Kind: "import"})
		if err != nil {
			b.Fatal(err)
		}
		// Start on a window boundary, as the server counts.
		now := time.Now()
		time.Sleep(now.Truncate(per).Add(per).Sub(now))
		start := time.Now()
		rep, err := Execute(context.Background(), p, newPoster(c), j, ExecConfig{Account: "me", Limits: testLimits()})
		elapsed := time.Since(start)
		j.Close()
		if err != nil || rep.Left != 0 {
			b.Fatalf("report %+v, err %v", rep, err)
		}
		throttled := 0
		for _, r := range s.Requests() {
			if r.Status == 429 {
				throttled++
			}
		}
		allowed := float64(n) / per.Seconds()
		achieved := float64(len(p.Posts)) / elapsed.Seconds()
		// The last window is used only up to its last post, so measure
		// against whole windows spanned.
		spanned := max(1, int((elapsed+per-1)/per))
		b.ReportMetric(100*min(achieved/allowed, float64(len(p.Posts))/float64(spanned*n)), "%allowed")
		b.ReportMetric(float64(throttled)/float64(spanned), "429s/window")
		b.ReportMetric(elapsed.Seconds(), "s/import")
	}
}

// budgetMix is a plan shape for BenchmarkBudgets: n posts, media[i] files
// on post i, and the scaled-down windows of both buckets.
type budgetMix struct {
	name     string
	posts    int
	media    func(i, n int) int // files on post i of n
	text     bool               // posts carry text besides their media
	statuses int                // statuses per window
	uploads  int                // uploads per window
}

// budgetMixes are the three shapes the issue names: media spread evenly,
// media bunched in the first half of the archive (and, for contrast, in
// the second), and posts that are only media. Windows are 2 s.
var budgetMixes = []budgetMix{
	{name: "uniform", posts: 60, text: true, statuses: 30, uploads: 20,
		media: func(i, n int) int { return 1 }},
	// Media in the first half, more than the media budget keeps up with
	// there: in plan order that stretch is bound by uploads, the rest by
	// posts, so the in-order bound is longer than the estimate.
	{name: "bunched", posts: 90, text: true, statuses: 30, uploads: 24,
		media: func(i, n int) int {
			if i < n/2 {
				return 1
			}
			return 0
		}},
	// Media in the second half: only uploading ahead while the text
	// posts go keeps the media budget busy from the start.
	{name: "bunched-late", posts: 90, text: true, statuses: 30, uploads: 20,
		media: func(i, n int) int {
			if i >= n/2 {
				return 1
			}
			return 0
		}},
	{name: "media-only", posts: 30, statuses: 30, uploads: 30,
		media: func(i, n int) int { return 1 + i%3 }},
}

const budgetWindow = 2 * time.Second

// BenchmarkBudgets imports each mix through the real client against
// mastotest with both buckets scaled down to 2 s windows, uploading ahead
// (the default look-ahead) and, for comparison, one post at a time. It
// reports the share of the binding limit used (the estimate's duration
// over the actual one), the same against the in-order bound (see
// inOrderBound), and the 429s per window. Run with -benchtime=1x:
//
//	go test ./importer -run '^$' -bench Budgets -benchtime=1x
func BenchmarkBudgets(b *testing.B) {
	for _, mix := range budgetMixes {
		for _, mode := range []struct {
			name  string
			ahead LookAhead
		}{{"ahead", LookAhead{}}, {"sequential", LookAhead{Posts: -1}}} {
			b.Run(mix.name+"/"+mode.name, func(b *testing.B) {
				for b.Loop() {
					runBudgetMix(b, mix, mode.ahead)
				}
			})
		}
	}
}

func (mix budgetMix) plan() *Plan {
	p := &Plan{}
	for i := range mix.posts {
		pp := PlannedPost{Key: postKey(uint64(i+1), 0), TweetID: strconv.Itoa(i + 1), Visibility: "unlisted"}
		if mix.text || mix.media(i, mix.posts) == 0 {
			pp.Text = fmt.Sprintf("post number %d", i+1)
		}
		for k := range mix.media(i, mix.posts) {
			pp.Media = append(pp.Media, PlannedMedia{File: fmt.Sprintf("media/%d-%d.jpg", i+1, k), Type: "photo", ContentType: "image/jpeg", Size: 4})
		}
		p.Posts = append(p.Posts, pp)
	}
	return p
}

func runBudgetMix(b *testing.B, mix budgetMix, ahead LookAhead) {
	limits := roomyServer
	limits.Statuses = mastotest.Limit{N: mix.statuses, Per: budgetWindow}
	limits.Media = mastotest.Limit{N: mix.uploads, Per: budgetWindow}
	climits := map[mastodon.Bucket]mastodon.Limit{}
	for k, v := range roomyClient {
		climits[k] = v
	}
	climits[mastodon.BucketStatuses] = mastodon.Limit{Count: mix.statuses, Period: budgetWindow}
	climits[mastodon.BucketMedia] = mastodon.Limit{Count: mix.uploads, Period: budgetWindow}
	s, c := testServer(b, mastotest.Options{Limits: limits}, mastodon.Options{Limits: climits, Headroom: -1})
	p := mix.plan()
	j, err := journal.Open(b.TempDir(), "budgets", journal.Options{Kind: "import"})
	if err != nil {
		b.Fatal(err)
	}
	lim := EstimateLimits{Statuses: RateLimit{N: mix.statuses, Per: budgetWindow}, Media: RateLimit{N: mix.uploads, Per: budgetWindow}}
	est := EstimatePlan(p, lim, nil)
	// Start on a window boundary, as the server counts.
	now := time.Now()
	time.Sleep(now.Truncate(budgetWindow).Add(budgetWindow).Sub(now))
	start := time.Now()
	rep, err := Execute(context.Background(), p, newPoster(c), j, ExecConfig{Account: "me", Open: photo, Ahead: ahead, Limits: lim})
	elapsed := time.Since(start)
	j.Close()
	if err != nil || rep.Left != 0 || len(rep.Failed) != 0 {
		b.Fatalf("report %+v, err %v", rep, err)
	}
	throttled := 0
	for _, r := range s.Requests() {
		if r.Status == 429 {
			throttled++
		}
	}
	spanned := max(1, int((elapsed+budgetWindow-1)/budgetWindow))
	b.ReportMetric(100*min(1, est.Duration.Seconds()/elapsed.Seconds()), "%binding")
	b.ReportMetric(100*min(1, inOrderBound(p, lim).Seconds()/elapsed.Seconds()), "%in-order")
	b.ReportMetric(float64(throttled)/float64(spanned), "429s/window")
	b.ReportMetric(elapsed.Seconds(), "s/import")
	b.ReportMetric(est.Duration.Seconds(), "s/estimate")
}

// inOrderBound is the shortest an import of p can take when posts go in
// plan order: a post cannot go before its media are uploaded, nor the
// posts after it before it. With uploads at the media rate from the
// start, the post with media at index i ends the upload-bound stretch,
// and the posts after it need the statuses rate: the bound is the
// largest such sum, and at least the estimate.
func inOrderBound(p *Plan, lim EstimateLimits) time.Duration {
	rm := float64(lim.Media.N) / lim.Media.Per.Seconds()
	rs := float64(lim.Statuses.N) / lim.Statuses.Per.Seconds()
	bound := float64(len(p.Posts)) / rs
	media := 0
	for i, pp := range p.Posts {
		media += len(pp.Media)
		if len(pp.Media) > 0 {
			bound = max(bound, float64(media)/rm+float64(len(p.Posts)-i-1)/rs)
		}
	}
	return time.Duration(bound * float64(time.Second))
}
