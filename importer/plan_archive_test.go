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

// TestPlanGeneratedAudience plans a generated archive with Twitter Circle
// tweets and protected periods: no Circle tweet is posted by default,
// every tweet written while protected becomes private posts, and the plan
// counts them.
func TestPlanGeneratedAudience(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "archive")
	exp, err := archivetest.Write(dir, archivetest.Options{Era: archivetest.EraGDPR, Tweets: 400, Seed: 14, Circle: 3, Protected: true})
	if err != nil {
		t.Fatal(err)
	}
	a, err := archive.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	audience := map[string]string{}
	for tw, err := range a.Tweets(archive.TweetOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tw.Circle:
			audience[tw.IDStr] = AudienceCircle
		case tw.Protected:
			audience[tw.IDStr] = AudienceProtected
		}
	}
	for _, circle := range []string{CircleSkip, CirclePrivate} {
		cfg := testConfig()
		cfg.Options.Visibility, cfg.Options.Circle = VisibilityPublic, circle
		p, err := BuildPlan(context.Background(), a.Tweets(archive.TweetOptions{Sorted: true}), cfg)
		if err != nil {
			t.Fatal(err)
		}
		protected := map[string]bool{}
		for _, pp := range p.Posts {
			switch why := audience[pp.TweetID]; {
			case why == AudienceCircle && circle == CircleSkip:
				t.Errorf("--circle skip: Circle tweet %s was planned", pp.TweetID)
			case why != "" && (pp.Visibility != VisibilityPrivate || pp.Audience != why):
				t.Errorf("tweet %s (%s) planned %s, audience %q", pp.TweetID, why, pp.Visibility, pp.Audience)
			case why == "" && pp.Visibility != VisibilityPublic:
				t.Errorf("tweet %s planned %s", pp.TweetID, pp.Visibility)
			case why == AudienceProtected:
				protected[pp.TweetID] = true
			}
		}
		if p.Private.Protected != len(protected) || len(protected) == 0 {
			t.Errorf("--circle %s: plan counts %d protected tweets, posts show %d", circle, p.Private.Protected, len(protected))
		}
		if want := map[string]int{CircleSkip: 0, CirclePrivate: exp.Circle}[circle]; p.Private.Circle != want {
			t.Errorf("--circle %s: %d Circle tweets private, want %d", circle, p.Private.Circle, want)
		}
		if got := countReason(p, SkipCircle); circle == CircleSkip && got != exp.Circle {
			t.Errorf("skipped %d Circle tweets, archive has %d", got, exp.Circle)
		}
	}
}
