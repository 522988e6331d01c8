package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/archivetest"
	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// BenchmarkImportGoToSocial200 is issue 11's figure: `fledge import` of a
// 200-tweet current-era archive (about 150 posts and 56 media) into
// mastotest's GoToSocial mode at its default limit of 300 requests per 5
// minutes per IP, end to end (planning included). Budget: 150 s. It
// reports the time, the requests the server saw, the achieved request
// rate, the share of the server's 300-request window the run spent (at
// most 90%: fledge leaves 10% to the account's other apps), and the 429s
// and 503s. Run with -benchtime=1x.
func BenchmarkImportGoToSocial200(b *testing.B) {
	path := benchArchive(b, 200)
	for b.Loop() {
		srv := mastotest.New(mastotest.Options{Software: mastotest.GoToSocial, Domain: "gts.example"})
		r := benchRunImport(b, srv, path, nil, false)
		srv.Close()
		limit := 300.0
		b.ReportMetric(r.elapsed.Seconds(), "s/import")
		b.ReportMetric(float64(r.posts), "posts")
		b.ReportMetric(float64(r.media), "media")
		b.ReportMetric(float64(r.requests), "requests")
		b.ReportMetric(float64(r.requests)/r.elapsed.Seconds(), "req/s")
		b.ReportMetric(100*float64(r.maxWindow)/limit, "%window-used")
		b.ReportMetric(float64(r.tooMany), "429s")
		b.ReportMetric(float64(r.busy), "503s")
	}
}

// BenchmarkImportEstimate compares `fledge import --dry-run`'s estimate
// with the time the import then takes, on the same 200-tweet archive,
// against mastotest with windows scaled down so the limits bind for
// several windows: GoToSocial's request limit at 30 per second (rolling),
// and Mastodon's per-action limits at 30 posts per 2 s and 30 uploads per
// 3 s, so that posts bind about twice as hard as uploads, as on a real
// Mastodon (100 posts and 60 uploads an hour) for this archive. The client
// is told the same scaled windows; everything else is the import path as
// the CLI runs it. actual/estimate should stay within 0.75–1.25. Run with
// -benchtime=1x (about 25 s).
func BenchmarkImportEstimate(b *testing.B) {
	path := benchArchive(b, 200)
	unlimited := mastotest.Limit{N: -1}
	modes := []struct {
		name   string
		srv    mastotest.Options
		client map[mastodon.Bucket]mastodon.Limit
		window time.Duration // epoch-aligned windows: start both runs on a boundary
	}{
		{
			name: "gotosocial",
			srv: mastotest.Options{Software: mastotest.GoToSocial, Domain: "gts.example",
				Limits: mastotest.Limits{API: mastotest.Limit{N: 30, Per: time.Second}}},
			client: map[mastodon.Bucket]mastodon.Limit{mastodon.BucketAPI: {Count: 30, Period: time.Second}},
		},
		{
			name: "mastodon",
			srv: mastotest.Options{Domain: "masto.example", MediaPolls: -1, Limits: mastotest.Limits{
				API: unlimited, User: unlimited, Unauthenticated: unlimited, Paging: unlimited,
				Statuses: mastotest.Limit{N: 30, Per: 2 * time.Second},
				Media:    mastotest.Limit{N: 30, Per: 3 * time.Second},
			}},
			client: map[mastodon.Bucket]mastodon.Limit{
				mastodon.BucketAPI:      {Count: 1 << 20, Period: time.Minute},
				mastodon.BucketPaging:   {Count: 1 << 20, Period: time.Minute},
				mastodon.BucketStatuses: {Count: 30, Period: 2 * time.Second},
				mastodon.BucketMedia:    {Count: 30, Period: 3 * time.Second},
			},
			window: 2 * time.Second,
		},
	}
	for _, m := range modes {
		b.Run(m.name, func(b *testing.B) {
			for b.Loop() {
				srv := mastotest.New(m.srv)
				tune := func(o *mastodon.Options) { o.Limits = m.client }
				if m.window > 0 {
					time.Sleep(time.Until(time.Now().Truncate(m.window).Add(m.window)))
				}
				est := benchRunImport(b, srv, path, tune, true)
				// Let the dry run's requests age out of a rolling window, or
				// start on an aligned window's boundary as the dry run did.
				time.Sleep(time.Second)
				if m.window > 0 {
					time.Sleep(time.Until(time.Now().Truncate(m.window).Add(m.window)))
				}
				r := benchRunImport(b, srv, path, tune, false)
				srv.Close()
				if r.posts != est.posts {
					b.Fatalf("imported %d posts, the estimate counted %d", r.posts, est.posts)
				}
				b.ReportMetric(est.estimate.Seconds(), "estimate-s")
				b.ReportMetric(r.elapsed.Seconds(), "actual-s")
				b.ReportMetric(r.elapsed.Seconds()/est.estimate.Seconds(), "actual/estimate")
				b.ReportMetric(float64(r.tooMany), "429s")
				b.Logf("%s: %d posts, %d media, %d requests; estimate %v (paced by %s), actual %v",
					m.name, est.posts, est.media, r.requests, est.estimate.Round(time.Millisecond), est.bound, r.elapsed.Round(time.Millisecond))
			}
		})
	}
}

func benchArchive(b testing.TB, tweets int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "archive.zip")
	if _, err := archivetest.Write(path, archivetest.Options{Era: archivetest.EraGDPR, Tweets: tweets, Zip: true, Seed: 52}); err != nil {
		b.Fatal(err)
	}
	return path
}

type benchImportResult struct {
	elapsed      time.Duration
	posts, media int
	estimate     time.Duration // dry runs
	bound        string
	requests     int // what the server saw during the run
	maxWindow    int // most requests in any 5-minute span from the first
	tooMany      int
	busy         int
}

// benchRunImport runs `fledge --json import ARCHIVE --yes` (or --dry-run)
// as the CLI does, as a fresh account on srv, and reads the outcome.
func benchRunImport(b testing.TB, srv *mastotest.Server, archive string, tune func(*mastodon.Options), dryRun bool) benchImportResult {
	b.Helper()
	name := "alice"
	if !dryRun {
		name = "bob"
	}
	acct := srv.AddAccount(name, mastotest.AccountOptions{})
	args := []string{"import", archive, "--yes"}
	if dryRun {
		args = []string{"import", archive, "--dry-run"}
	}
	srv.ResetRequests()
	start := time.Now()
	out, errOut, err := runFledgeOn(context.Background(), srv, acct.Token, b.TempDir(), tune, args...)
	var r benchImportResult
	r.elapsed = time.Since(start)
	if err != nil {
		b.Fatalf("fledge %s: %v\n%s", strings.Join(args, " "), err, tail(errOut))
	}
	for _, line := range bytes.Split(bytes.TrimSpace([]byte(out)), []byte("\n")) {
		var ev struct {
			Type     string
			Posts    int
			Media    int
			Posted   int
			Duration float64 // seconds
			Bound    string
		}
		if json.Unmarshal(line, &ev) != nil {
			continue
		}
		switch ev.Type {
		case "estimate":
			r.posts, r.media, r.estimate, r.bound = ev.Posts, ev.Media, time.Duration(ev.Duration*float64(time.Second)), ev.Bound
		case "summary":
			r.posts = ev.Posted
		}
	}
	if !dryRun && r.posts == 0 {
		b.Fatalf("no summary with posts in the output:\n%s", tail(out))
	}
	reqs := srv.Requests()
	r.requests = len(reqs)
	for i, q := range reqs {
		switch q.Status {
		case 429:
			r.tooMany++
		case 503:
			r.busy++
		case 200:
			if q.Method == "POST" && strings.Contains(q.Path, "/media") {
				r.media++
			}
		}
		n := 0
		for _, q2 := range reqs[i:] {
			if q2.Time.Sub(q.Time) < 5*time.Minute {
				n++
			}
		}
		r.maxWindow = max(r.maxWindow, n)
	}
	return r
}

// runFledgeOn runs `fledge --json ARGS…` as the CLI does, as the account
// with token on srv, with its state under dir, and returns stdout and
// stderr.
func runFledgeOn(ctx context.Context, srv *mastotest.Server, token, dir string, tune func(*mastodon.Options), args ...string) (string, string, error) {
	io, _, out, errOut := iostreams.Test()
	_, err := execute(ctx, serverFactory(io, srv, token, dir, tune), append([]string{"--json"}, args...)...)
	return out.String(), errOut.String(), err
}

// serverFactory is the factory of a run as the account with token on srv,
// with its state under dir and tune applied to its client.
func serverFactory(io *iostreams.IOStreams, srv *mastotest.Server, token, dir string, tune func(*mastodon.Options)) *factory {
	env := map[string]string{
		"FLEDGE_CONFIG_DIR": filepath.Join(dir, "config"),
		"FLEDGE_STATE_DIR":  filepath.Join(dir, "state"),
		"FLEDGE_CACHE_DIR":  filepath.Join(dir, "cache"),
		"HOME":              dir,
		"FLEDGE_SERVER":     srv.URL(),
		"FLEDGE_TOKEN":      token,
	}
	return &factory{IO: io, Globals: &globalOptions{}, Now: time.Now, Getenv: func(k string) string { return env[k] }, tuneClient: tune}
}
