package importer

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/archivetest"
)

// TestPlanGeneratedArchives plans a generated archive of every era and
// checks that every tweet is accounted for: it became posts or has a skip
// reason, and every post fits the server's count.
func TestPlanGeneratedArchives(t *testing.T) {
	for _, era := range []archivetest.Era{archivetest.EraGDPR, archivetest.EraGDPRSingular, archivetest.EraGDPR2018, archivetest.EraGrailbird} {
		t.Run(string(era), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "archive")
			exp, err := archivetest.Write(dir, archivetest.Options{Era: era, Tweets: 300, Parts: 2, Seed: 7, MissingMedia: 2})
			if err != nil {
				t.Fatal(err)
			}
			a, err := archive.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			cfg := testConfig()
			cfg.Options.Footer = DefaultFooter
			cfg.Size = archiveSizer(a)
			p, err := BuildPlan(context.Background(), a.Tweets(archive.TweetOptions{Sorted: true}), cfg)
			if err != nil {
				t.Fatal(err)
			}
			// Community tweets come from their own file, on top of Total.
			total := exp.Total + exp.Community
			if p.Tweets != total {
				t.Errorf("planned %d tweets, archive has %d", p.Tweets, total)
			}
			tweets := map[string]bool{}
			for _, pp := range p.Posts {
				tweets[pp.TweetID] = true
				if n := cfg.Count(pp.Text); n > cfg.Server.MaxChars {
					t.Errorf("post %s counts %d", pp.Key, n)
				}
			}
			if got := len(tweets) + len(p.Skipped); got != total {
				t.Errorf("%d tweets posted + %d skipped = %d, want %d", len(tweets), len(p.Skipped), got, total)
			}
			if exp.Retweets > 0 && countReason(p, SkipRetweet) != exp.Retweets {
				t.Errorf("skipped %d retweets, archive has %d", countReason(p, SkipRetweet), exp.Retweets)
			}
			if era != archivetest.EraGrailbird && len(p.MediaIssues) < 2 {
				t.Errorf("%d media issues, want at least the 2 missing files", len(p.MediaIssues))
			}
		})
	}
}

func countReason(p *Plan, reason string) int {
	n := 0
	for _, s := range p.Skipped {
		if s.Reason == reason {
			n++
		}
	}
	return n
}

// archiveSizer gives the plan the sizes of the archive's media files.
func archiveSizer(a *archive.Archive) func(string) (int64, error) {
	return func(f string) (int64, error) {
		rc, n, err := a.OpenFile(f)
		if err != nil {
			return 0, err
		}
		rc.Close()
		return n, nil
	}
}
