package preview

import (
	"strconv"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// The plan builders below repeat the importer's own test helpers: those
// live in package importer's tests, which this package cannot import.

var t0 = time.Date(2015, 3, 1, 12, 0, 0, 0, time.UTC)

func tw(id uint64, text string) *archive.Tweet {
	return &archive.Tweet{ID: id, IDStr: strconv.FormatUint(id, 10), CreatedAt: t0.Add(time.Duration(id) * time.Hour), Text: text, Lang: "en"}
}

func mastodonCounter(maxChars int) importer.CharCounter {
	p := mastodon.ServerProfile{Software: mastodon.SoftwareMastodon, Limits: mastodon.ServerLimits{MaxCharacters: maxChars, CharactersPerURL: 23}}
	return func(s string) int { return mastodon.CountChars(p, s) }
}

func testConfig() importer.PlanConfig {
	return importer.PlanConfig{
		Account:  "me@social.example",
		Username: "me",
		Server:   importer.ServerTraits{Software: "mastodon", MaxChars: 500, CharsPerURL: 23, MaxMedia: 4, NativeQuotes: true, DescriptionMax: 1500},
		Count:    mastodonCounter(500),
		Now:      func() time.Time { return t0 },
	}
}

func plan(t *testing.T, cfg importer.PlanConfig, tweets ...*archive.Tweet) *importer.Plan {
	t.Helper()
	p, err := importer.NewPlanner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tweets {
		if err := p.Add(tt); err != nil {
			t.Fatal(err)
		}
	}
	pl := p.Plan()
	for _, pp := range pl.Posts {
		if n := cfg.Count(pp.Text); n > cfg.Server.MaxChars {
			t.Errorf("post %s counts %d > %d", pp.Key, n, cfg.Server.MaxChars)
		}
	}
	return pl
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

// summaryPlanConfig is the dry run's configuration for a generated archive.
func summaryPlanConfig(a *archive.Archive) importer.PlanConfig {
	cfg := testConfig()
	cfg.Username, cfg.Now = "", nil
	cfg.Server.DescriptionMax = 0
	cfg.Options = importer.PlanOptions{Footer: importer.DefaultFooter, Include: []string{importer.IncludeReplies, importer.IncludeRetweets}}
	cfg.Size = archiveSizer(a)
	return cfg
}
