package main

import (
	"bufio"
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/archivetest"
	"github.com/fledge-cli/fledge/internal/iostreams"
)

func testFactory() (*factory, *iostreams.IOStreams) {
	io, _, _, _ := iostreams.Test()
	return &factory{IO: io, Globals: &globalOptions{}}, io
}

type tweetLine struct {
	ID        string `json:"id"`
	CreatedAt string `json:"created_at"`
	Text      string `json:"text"`
	RawText   string `json:"raw_text"`
	Retweet   bool   `json:"retweet"`
	SelfReply bool   `json:"self_reply"`
	QuoteURL  string `json:"quote_url"`
	Long      bool   `json:"long"`
	Community bool   `json:"community"`
}

// TestArchiveTweetsEveryEra writes each era with the generator and checks
// that `archive tweets` lists exactly the surviving tweets (and the
// community tweets, flagged), oldest first.
func TestArchiveTweetsEveryEra(t *testing.T) {
	eras := []archivetest.Era{archivetest.EraGrailbird, archivetest.EraGrailbirdCSV, archivetest.EraGDPR2018, archivetest.EraGDPRSingular, archivetest.EraGDPR}
	for _, era := range eras {
		t.Run(string(era), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "archive.zip")
			exp, err := archivetest.Write(path, archivetest.Options{Era: era, Tweets: 120, Parts: 2, Zip: true, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			f, _ := testFactory()
			out := f.IO.Out.(interface{ String() string })
			if err := runArchiveTweets(context.Background(), f, &archiveTweetsOptions{Path: path}); err != nil {
				t.Fatal(err)
			}
			var ids []string
			var prev uint64
			community := 0
			sc := bufio.NewScanner(strings.NewReader(out.String()))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				var line tweetLine
				if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
					t.Fatalf("line %d is not JSON: %v", len(ids)+1, err)
				}
				id, err := strconv.ParseUint(line.ID, 10, 64)
				if err != nil {
					t.Fatalf("id %q: %v", line.ID, err)
				}
				if id <= prev {
					t.Fatalf("not oldest first: %d after %d", id, prev)
				}
				prev = id
				if line.Community {
					// Community tweets come from community-tweet.js and are
					// counted apart from the total.
					community++
					continue
				}
				if line.CreatedAt == "" || (line.Text == "" && line.RawText == "") {
					t.Fatalf("line %s lacks created_at or text: %+v", line.ID, line)
				}
				ids = append(ids, line.ID)
			}
			if community != exp.Community {
				t.Fatalf("%d community tweets written, generator made %d", community, exp.Community)
			}
			if len(ids) != exp.Total {
				t.Fatalf("%d tweets written, generator made %d", len(ids), exp.Total)
			}
			if strings.Join(ids, ",") != strings.Join(exp.TweetIDs, ",") {
				t.Fatal("tweet ids differ from the generator's surviving ids")
			}
		})
	}
}

func TestArchiveTweetsDateFilter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.zip")
	if _, err := archivetest.Write(path, archivetest.Options{Era: archivetest.EraGDPR, Tweets: 200, Zip: true, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	f, _ := testFactory()
	opts := &archiveTweetsOptions{Path: path, Since: "2015-01-01", Until: "2016-01-01"}
	if err := runArchiveTweets(context.Background(), f, opts); err != nil {
		t.Fatal(err)
	}
	out := f.IO.Out.(interface{ String() string }).String()
	for _, raw := range strings.Split(strings.TrimSpace(out), "\n") {
		if raw == "" {
			continue
		}
		var line tweetLine
		if err := json.Unmarshal([]byte(raw), &line); err != nil {
			t.Fatal(err)
		}
		if line.CreatedAt < "2015-01-01" || line.CreatedAt >= "2016-01-01" {
			t.Fatalf("tweet %s from %s is outside the range", line.ID, line.CreatedAt)
		}
	}

	bad := []*archiveTweetsOptions{
		{Path: path, Since: "yesterday"},
		{Path: path, Since: "2016-01-01", Until: "2015-01-01"},
	}
	for _, o := range bad {
		err := runArchiveTweets(context.Background(), f, o)
		if exitCodeFor(err, false) != exitUsage {
			t.Fatalf("%+v: got %v, want a usage error", o, err)
		}
	}
}

func TestArchiveAccounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.zip")
	exp, err := archivetest.Write(path, archivetest.Options{Era: archivetest.EraGDPR, Tweets: 200, Zip: true, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]int{"following": exp.Following, "followers": exp.Followers, "blocks": exp.Blocks, "mutes": exp.Mutes} {
		f, _ := testFactory()
		if err := runArchiveAccounts(context.Background(), f, &archiveAccountsOptions{Path: path, Kind: kind}); err != nil {
			t.Fatal(kind, err)
		}
		out := strings.TrimSpace(f.IO.Out.(interface{ String() string }).String())
		got := 0
		if out != "" {
			got = len(strings.Split(out, "\n"))
		}
		if got != want {
			t.Errorf("--kind %s: %d lines, want %d", kind, got, want)
		}
	}
	f, _ := testFactory()
	err = runArchiveAccounts(context.Background(), f, &archiveAccountsOptions{Path: path, Kind: "friends"})
	if exitCodeFor(err, false) != exitUsage {
		t.Fatalf("unknown kind: got %v, want a usage error", err)
	}
}

func TestScreenNameFromLink(t *testing.T) {
	tests := map[string]string{
		"https://twitter.com/jack":                   "jack",
		"https://x.com/jack":                         "jack",
		"https://twitter.com/intent/user?user_id=12": "",
		"":                                   "",
		"https://example.com/jack":           "",
		"https://twitter.com/jack/status/20": "",
	}
	for in, want := range tests {
		if got := screenNameFromLink(in); got != want {
			t.Errorf("screenNameFromLink(%q) = %q, want %q", in, got, want)
		}
	}
}
