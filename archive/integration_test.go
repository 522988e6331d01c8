package archive_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/archivetest"
)

// summaryOf converts the generator's expectation into our Summary.
func summaryOf(e archivetest.Expected) archive.Summary {
	s := archive.Summary{
		Format:  archive.Format(e.Format),
		Account: archive.SummaryAccount{ID: e.AccountID, Username: e.Username, DisplayName: e.DisplayName},
		Tweets: archive.TweetCounts{Total: e.Total, Retweets: e.Retweets, Replies: e.Replies, SelfReplies: e.SelfReplies,
			Quotes: e.Quotes, WithMedia: e.WithMedia, Long: e.Long, Community: e.Community, Deleted: e.Deleted,
			Circle: e.Circle, Protected: e.Protected},
		Media:     archive.MediaCounts{Referenced: e.MediaReferenced, Present: e.MediaPresent, Missing: e.MediaMissing},
		Following: e.Following, Followers: e.Followers, Blocks: e.Blocks, Mutes: e.Mutes, Likes: e.Likes, Lists: e.Lists,
	}
	if !e.First.IsZero() {
		s.Tweets.First, s.Tweets.Last = e.First.UTC().Format(time.RFC3339), e.Last.UTC().Format(time.RFC3339)
	}
	return s
}

func TestGeneratedArchives(t *testing.T) {
	cases := []struct {
		name string
		opt  archivetest.Options
	}{
		{"grailbird", archivetest.Options{Era: archivetest.EraGrailbird, Tweets: 300}},
		{"grailbird-zip-extra-folder", archivetest.Options{Era: archivetest.EraGrailbird, Tweets: 120, Zip: true, ExtraTopFolder: true}},
		{"grailbird-csv-10", archivetest.Options{Era: archivetest.EraGrailbirdCSV, Tweets: 150}},
		{"grailbird-csv-9", archivetest.Options{Era: archivetest.EraGrailbirdCSV, Tweets: 150, CSVLayout: 9, Zip: true}},
		{"gdpr-2018", archivetest.Options{Era: archivetest.EraGDPR2018, Tweets: 250, MissingMedia: 2}},
		{"gdpr-2018-zip-decorated", archivetest.Options{Era: archivetest.EraGDPR2018, Tweets: 80, Zip: true, BOM: true, TrailingSemicolon: true, TrailingNewline: true}},
		{"gdpr-singular", archivetest.Options{Era: archivetest.EraGDPRSingular, Tweets: 250, Parts: 2}},
		{"gdpr-singular-no-manifest", archivetest.Options{Era: archivetest.EraGDPRSingular, Tweets: 100, NoManifest: true, Zip: true, ExtraTopFolder: true}},
		{"gdpr", archivetest.Options{Era: archivetest.EraGDPR, Tweets: 600, Parts: 3, MissingMedia: 3, Seed: 7}},
		{"gdpr-zip-compact-escaped", archivetest.Options{Era: archivetest.EraGDPR, Tweets: 400, Parts: 12, Zip: true, CompactStyle: true, EscapeAstral: true, AltText: true, Seed: 3}},
		{"gdpr-no-manifest-extra-folder", archivetest.Options{Era: archivetest.EraGDPR, Tweets: 300, Parts: 2, NoManifest: true, ExtraTopFolder: true, Seed: 11}},
		// Big enough for the tweet parts to be inflated ahead (prefetchMin).
		{"gdpr-zip-large", archivetest.Options{Era: archivetest.EraGDPR, Tweets: 6000, Parts: 2, Zip: true, MissingMedia: 5, Seed: 5}},
		{"gdpr-circle-protected", archivetest.Options{Era: archivetest.EraGDPR, Tweets: 500, Circle: 4, Protected: true, Seed: 9}},
		{"gdpr-empty", archivetest.Options{Era: archivetest.EraGDPR, Tweets: -1, Following: -1, Followers: -1, Likes: -1, Lists: -1, Blocks: -1, Mutes: -1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "archive")
			if tc.opt.Zip {
				p += ".zip"
			}
			exp, err := archivetest.Write(p, tc.opt)
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			a, err := archive.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			got, err := a.Inspect(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if want := summaryOf(exp); got != want {
				t.Errorf("summary\n got %+v\nwant %+v", got, want)
			}
			if tc.opt.Circle > 0 && (got.Tweets.Circle != tc.opt.Circle || got.Tweets.Protected == 0) {
				t.Errorf("circle %d (want %d), protected %d (want some)", got.Tweets.Circle, tc.opt.Circle, got.Tweets.Protected)
			}
			// Every referenced item is either present or missing, in every
			// era (Grailbird: all missing, it holds no media files).
			if m := got.Media; m.Referenced != m.Present+m.Missing {
				t.Errorf("media referenced %d != present %d + missing %d", m.Referenced, m.Present, m.Missing)
			}
			if tc.opt.Era == archivetest.EraGrailbird && (got.Media.Referenced == 0 || got.Media.Missing != got.Media.Referenced) {
				t.Errorf("grailbird media %+v: every referenced item must count as missing", got.Media)
			}

			// Sorted iteration yields exactly the surviving ids, oldest first.
			var ids []string
			for tw, err := range a.Tweets(archive.TweetOptions{Sorted: true, ExcludeCommunity: true}) {
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, tw.IDStr)
			}
			if !slices.Equal(ids, exp.TweetIDs) {
				t.Errorf("sorted ids: got %d, want %d; first difference at %d", len(ids), len(exp.TweetIDs), firstDiff(ids, exp.TweetIDs))
			}
		})
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestSampleArchive reads the committed sample used by the README.
func TestSampleArchive(t *testing.T) {
	exp, err := archivetest.Write(filepath.Join(t.TempDir(), "sample.zip"), archivetest.SampleOptions())
	if err != nil {
		t.Fatal(err)
	}
	a, err := archive.Open(filepath.Join("testdata", "sample-archive.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	got, err := a.Inspect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := summaryOf(exp); got != want {
		t.Errorf("summary\n got %+v\nwant %+v", got, want)
	}
	// The generator writes a few duplicate records on purpose; nothing
	// else should be worth a warning.
	for _, w := range a.Warnings() {
		if !strings.Contains(w, "duplicate tweet ids dropped") {
			t.Errorf("unexpected warning: %s", w)
		}
	}
}

// TestGeneratedTextsNormalized checks normalization at scale: no t.co
// link or HTML escape survives in Text, in any JSON era.
func TestGeneratedTextsNormalized(t *testing.T) {
	for _, era := range []archivetest.Era{archivetest.EraGDPR, archivetest.EraGDPRSingular, archivetest.EraGDPR2018, archivetest.EraGrailbird} {
		t.Run(string(era), func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "a")
			if _, err := archivetest.Write(p, archivetest.Options{Era: era, Tweets: 1500, Seed: 9}); err != nil {
				t.Fatal(err)
			}
			a, err := archive.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			n := 0
			for tw, err := range a.Tweets(archive.TweetOptions{}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
				for _, bad := range []string{"t.co/", "&amp;", "&lt;", "&gt;"} {
					if strings.Contains(tw.Text, bad) {
						t.Errorf("tweet %s: %q left in text %q (raw %q)", tw.IDStr, bad, tw.Text, tw.RawText)
					}
				}
			}
			if n < 1500 {
				t.Errorf("only %d tweets", n)
			}
		})
	}
}
