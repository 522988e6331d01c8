package archivetest

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestWriteMatchesIndependentCount(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"era D zip two parts", Options{Era: EraGDPR, Tweets: 300, Parts: 2, Zip: true, Seed: 1}},
		{"era D circle and protected", Options{Era: EraGDPR, Tweets: 400, Seed: 14, Circle: 3, Protected: true}},
		{"era D folder compact astral", Options{Era: EraGDPR, Tweets: 150, Seed: 2, CompactStyle: true, EscapeAstral: true}},
		{"era D missing media extra folder", Options{Era: EraGDPR, Tweets: 250, Parts: 3, Zip: true, Seed: 3, MissingMedia: 5, ExtraTopFolder: true}},
		{"era D decorations no manifest", Options{Era: EraGDPR, Tweets: 120, Seed: 4, NoManifest: true, BOM: true, TrailingNewline: true, TrailingSemicolon: true, AltText: true}},
		{"era D empty", Options{Era: EraGDPR, Tweets: -1, Seed: 5, Following: -1, Likes: -1, Lists: -1, Deleted: -1, Community: -1}},
		{"era C two parts", Options{Era: EraGDPRSingular, Tweets: 200, Parts: 2, Zip: true, Seed: 6}},
		{"era C brace style", Options{Era: EraGDPRSingular, Tweets: 80, Seed: 7, BraceStyle: true, MissingMedia: 2}},
		{"era B", Options{Era: EraGDPR2018, Tweets: 200, Zip: true, Seed: 8}},
		{"era B empty lists", Options{Era: EraGDPR2018, Tweets: 40, Seed: 9, Lists: -1, ExtraTopFolder: true}},
		{"grailbird", Options{Era: EraGrailbird, Tweets: 400, Zip: true, Seed: 10}},
		{"grailbird folder", Options{Era: EraGrailbird, Tweets: 50, Seed: 11}},
		{"grailbird csv 10", Options{Era: EraGrailbirdCSV, Tweets: 150, Zip: true, Seed: 12}},
		{"grailbird csv 9", Options{Era: EraGrailbirdCSV, Tweets: 90, Seed: 13, CSVLayout: 9}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "archive")
			if tc.opt.Zip {
				p += ".zip"
			}
			exp, err := Write(p, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			files := readAll(t, p, tc.opt.Zip)
			got := recount(t, files, tc.opt)
			fillSocial(&got, exp, tc.opt.Era)
			if !reflect.DeepEqual(got, exp) {
				t.Errorf("Expected disagrees with the archive\ngenerator: %s\nrecount:   %s", brief(exp), brief(got))
				if !reflect.DeepEqual(got.TweetIDs, exp.TweetIDs) {
					t.Errorf("tweet ids differ: %d vs %d", len(exp.TweetIDs), len(got.TweetIDs))
				}
			}
			want := max(tc.opt.Tweets, 0)
			if exp.Total != want {
				t.Errorf("Total = %d, want Options.Tweets = %d", exp.Total, want)
			}
		})
	}
}

func recount(t *testing.T, files map[string][]byte, opt Options) Expected {
	switch opt.Era {
	case EraGrailbird:
		return countGrailbird(t, files)
	case EraGrailbirdCSV:
		layout := 10
		if opt.CSVLayout == 9 {
			layout = 9
		}
		return countCSV(t, files, layout)
	}
	return countGDPR(t, files, opt.Era)
}

// fillSocial copies the counts a classic archive cannot have (it has no
// social files), so the comparison covers everything else.
func fillSocial(got *Expected, exp Expected, era Era) {
	if era != EraGrailbird && era != EraGrailbirdCSV {
		return
	}
	got.Following, got.Followers, got.Blocks, got.Mutes, got.Likes, got.Lists = exp.Following, exp.Followers, exp.Blocks, exp.Mutes, exp.Likes, exp.Lists
}

// brief prints Expected without its long id list.
func brief(e Expected) string {
	e.TweetIDs = nil
	return strings.Trim(sprint(e), "{}")
}

func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	for _, era := range []Era{EraGDPR, EraGDPRSingular, EraGDPR2018, EraGrailbird, EraGrailbirdCSV} {
		opt := Options{Era: era, Tweets: 120, Parts: 2, Zip: true, Seed: 42}
		a, b, c := filepath.Join(dir, "a.zip"), filepath.Join(dir, "b.zip"), filepath.Join(dir, "c.zip")
		ea, err := Write(a, opt)
		if err != nil {
			t.Fatal(err)
		}
		eb, err := Write(b, opt)
		if err != nil {
			t.Fatal(err)
		}
		opt.Seed = 43
		if _, err := Write(c, opt); err != nil {
			t.Fatal(err)
		}
		ba, bb, bc := readFile(t, a), readFile(t, b), readFile(t, c)
		if !bytes.Equal(ba, bb) || !reflect.DeepEqual(ea, eb) {
			t.Errorf("%s: same seed gave different archives", era)
		}
		if bytes.Equal(ba, bc) {
			t.Errorf("%s: different seeds gave the same archive", era)
		}
	}
}

// TestRealisticText checks the details parsers trip over: escapes measured
// in code points, surrogate escapes, \/ in Grailbird, -1 mentions, variants.
func TestRealisticText(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(filepath.Join(dir, "d"), Options{Era: EraGDPR, Tweets: 600, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	d := readAll(t, filepath.Join(dir, "d"), false)
	tweets := string(d["data/tweets.js"])
	for _, want := range []string{
		"&amp;", "&lt;", `"id_str" : "-1"`, `"bitrate" : "0"`, `"application/x-mpegURL"`, "animated_gif",
		"?s=20", "x.com/", `"edit" : {`, `"initialTweetId"`, "RT @", "😀", "pic.x.com/", `"source_status_id_str"`,
		`"in_reply_to_user_id_str"`, "\n  {\n    \"tweet\" : {",
	} {
		if !strings.Contains(tweets, want) {
			t.Errorf("era D tweets.js never contains %q", want)
		}
	}
	if !bytes.HasPrefix(d["data/deleted-note-tweet.js"], []byte("window.YTD.deleted_note_tweet.part0 = [ ]")) {
		t.Errorf("empty file not written as one line: %q", d["data/deleted-note-tweet.js"])
	}
	if _, err := Write(filepath.Join(dir, "b"), Options{Era: EraGDPR2018, Tweets: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	b := readAll(t, filepath.Join(dir, "b"), false)
	if s := string(b["tweet.js"]); !strings.HasPrefix(s, "window.YTD.tweet.part0 = [ {\n  \"retweeted\"") || !strings.Contains(s, `\uD83`) {
		t.Errorf("era B tweet.js is not compact, bare and surrogate-escaped: %.80q", s)
	}
	if strings.Contains(string(b["following.js"]), "userLink") {
		t.Errorf("era B following.js has userLink")
	}
	if _, err := Write(filepath.Join(dir, "g"), Options{Era: EraGrailbird, Tweets: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	g := readAll(t, filepath.Join(dir, "g"), false)
	var newer, older string
	for name, data := range g {
		switch {
		case strings.HasPrefix(name, "data/js/tweets/2016_"):
			newer += string(data)
		case strings.HasPrefix(name, "data/js/tweets/2013_"):
			older += string(data)
		}
	}
	if !strings.Contains(newer, `https:\/\/`) || strings.Contains(older, `\/`) {
		t.Errorf("Grailbird \\/ escaping should start in 2014")
	}
	if !strings.Contains(older, " +0000 2013\"") || !strings.Contains(newer, "\"2016-") {
		t.Errorf("Grailbird dates: RubyDate before 2014, plain after")
	}
	if !strings.Contains(newer, "\"retweeted_status\" : {") || !strings.Contains(string(g["data/js/tweet_index.js"]), "var tweet_index =  [ {") {
		t.Errorf("Grailbird retweeted_status or tweet_index shape missing")
	}
}

func TestResolveRejectsBadOptions(t *testing.T) {
	for _, opt := range []Options{
		{Era: "gdpr-1999"},
		{CSVLayout: 11},
		{Parts: -1},
		{MissingMedia: -2},
		{BraceStyle: true, CompactStyle: true},
	} {
		if _, err := Write(filepath.Join(t.TempDir(), "x"), opt); err == nil {
			t.Errorf("Write(%+v) succeeded, want an error", opt)
		}
	}
}
