package archive

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var grailbird = map[string]string{
	"top/index.html":              "<html>",
	"top/data/js/user_details.js": `var user_details =  { "screen_name" : "old_me", "full_name" : "Old Me", "bio" : "b", "id" : "100", "created_at" : "2009-03-02 10:00:00 +0000" }`,
	"top/data/js/tweet_index.js":  `var tweet_index =  [ { "file_name" : "data\/js\/tweets\/2013_04.js", "year" : 2013, "var_name" : "tweets_2013_04", "tweet_count" : 2, "month" : 4 }, { "file_name" : "data/js/tweets/2012_01.js" } ]`,
	"top/data/js/tweets/2013_04.js": "Grailbird.data.tweets_2013_04 = \n" + `[ {
  "source" : "web", "entities" : { "user_mentions" : [ ], "media" : [ ], "hashtags" : [ ], "urls" : [ { "indices" : [ 6, 28 ], "url" : "http:\/\/t.co\/abcdefgh", "expanded_url" : "https:\/\/twitter.com\/bob\/status\/12", "display_url" : "twitter.com\/bob\/status\/12" } ] },
  "geo" : { }, "id_str" : "320000000000000001", "text" : "look: http:\/\/t.co\/abcdefgh", "id" : 320000000000000001, "created_at" : "Sat Apr 13 16:42:51 +0000 2013",
  "user" : { "name" : "Old Me", "screen_name" : "old_me", "id" : 100, "id_str" : "100" }
}, {
  "source" : "web", "entities" : { "user_mentions" : [ ], "media" : [ ], "hashtags" : [ ], "urls" : [ ] },
  "geo" : { }, "id_str" : "320000000000000002", "text" : "me &amp; @me", "id" : 320000000000000002, "created_at" : "2013-04-14 16:42:51 +0000",
  "in_reply_to_user_id" : 100, "in_reply_to_user_id_str" : "100"
} ]`,
	"top/tweets.csv": `"tweet_id","in_reply_to_status_id","in_reply_to_user_id","timestamp","source","text","retweeted_status_id","retweeted_status_user_id","retweeted_status_timestamp","expanded_urls"` + "\n" +
		`"1","","","2013-04-13 16:42:51 +0000","web","csv is ignored when JS exists","","","",""` + "\n",
}

func TestGrailbirdJS(t *testing.T) {
	a := openT(t, writeZip(t, grailbird))
	if a.Format() != FormatGrailbird {
		t.Fatalf("format %q", a.Format())
	}
	s, err := a.Inspect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Account.Username != "old_me" || s.Tweets.Total != 2 || s.Tweets.Quotes != 1 || s.Tweets.SelfReplies != 1 || s.Tweets.First != "2013-04-13T16:42:51Z" {
		t.Errorf("summary %+v", s)
	}
	if w := strings.Join(a.Warnings(), "\n"); !strings.Contains(w, "top/data/js/tweet_index.js: lists top/data/js/tweets/2012_01.js, which is missing") {
		t.Errorf("warnings %q", w)
	}
	tw := collect(t, a, TweetOptions{})
	if tw[0].Text != "look: https://twitter.com/bob/status/12" || tw[1].Text != "me & @me" || tw[0].ID != 320000000000000001 {
		t.Errorf("texts %q, %q", tw[0].Text, tw[1].Text)
	}
	p, err := a.Profile()
	if err != nil || p.Bio != "b" {
		t.Errorf("profile %+v, %v", p, err)
	}
}

func TestGrailbirdCSV(t *testing.T) {
	layouts := map[string]map[string]string{
		"10 columns": {"tweets.csv": `"tweet_id","in_reply_to_status_id","in_reply_to_user_id","timestamp","source","text","retweeted_status_id","retweeted_status_user_id","retweeted_status_timestamp","expanded_urls"` + "\n" +
			`"11","","","2014-06-01 10:00:00 +0000","web","two
lines with ""quotes"" http://t.co/a and http://t.co/b","","","","https://e.org/1,https://x.com/a/status/5"` + "\n" +
			`"12","11","100","2014-06-02 10:00:00 +0000","web","@me RT @x: y &amp; z","9","8","2014-06-01 09:00:00 +0000",""` + "\n"},
		"9 columns": {"data/csv/2012_12.csv": `"tweet_id","in_reply_to_status_id","in_reply_to_user_id","retweeted_status_id","retweeted_status_user_id","timestamp","source","text","expanded_urls"` + "\n" +
			`"11","","","","","2014-06-01 10:00:00 +0000","web","two
lines with ""quotes"" http://t.co/a and http://t.co/b","https://e.org/1,https://x.com/a/status/5"` + "\n" +
			`"12","11","100","9","8","2014-06-02 10:00:00 +0000","web","@me RT @x: y &amp; z",""` + "\n"},
	}
	for name, files := range layouts {
		t.Run(name, func(t *testing.T) {
			files["data/js/user_details.js"] = `var user_details = { "id" : "100", "screen_name" : "me" }`
			a := openT(t, writeDir(t, files))
			tw := collect(t, a, TweetOptions{})
			if len(tw) != 2 {
				t.Fatalf("%d tweets", len(tw))
			}
			if tw[0].Text != "two\nlines with \"quotes\" https://e.org/1 and https://x.com/a/status/5" || tw[0].QuoteURL != "https://x.com/a/status/5" {
				t.Errorf("first %+v", tw[0])
			}
			if !tw[1].Retweet || !tw[1].SelfReply || tw[1].Text != "@me RT @x: y & z" || tw[1].ReplyToID != "11" {
				t.Errorf("second %+v", tw[1])
			}
		})
	}
}

func TestCSVErrors(t *testing.T) {
	c := &tweetContext{source: "tweets.csv"}
	tests := []struct{ csv, err string }{
		{`"id","text"` + "\n", `tweets.csv: header has no "tweet_id" column`},
		{`"tweet_id","timestamp","text"` + "\n" + `"x","2014-06-01 10:00:00 +0000","t"` + "\n", `tweets.csv: line 2: invalid tweet_id "x"`},
		{`"tweet_id","timestamp","text"` + "\n" + `"1","","t"` + "\n", "tweets.csv: line 2: tweet 1 has no timestamp"},
		{`"tweet_id","timestamp","text"` + "\n" + `"1","   ","t"` + "\n", "tweets.csv: line 2: tweet 1 has no timestamp"},
		{`"tweet_id","timestamp","text"` + "\n" + `"0","2014-06-01 10:00:00 +0000","t"` + "\n", "tweets.csv: line 2: tweet_id 0 is not a real tweet id"},
		{`"tweet_id","timestamp","text"` + "\n" + `"1","2005-06-01 10:00:00 +0000","t"` + "\n", "tweets.csv: line 2: tweet 1: created_at 2005-06-01T10:00:00Z is before Twitter existed"},
		{`"tweet_id","timestamp","text"` + "\n" + `"1","2099-06-01 10:00:00 +0000","t"` + "\n", "tweets.csv: line 2: tweet 1: created_at 2099-06-01T10:00:00Z is in the future"},
		{`"tweet_id","timestamp","text"` + "\n" + `"1","2014-06-01 10:00:00 +0000","unterminated` + "\n", `tweets.csv: line 2, column 47: a quoted field is not closed, or has a stray " (is the file truncated?)`},
		{`"tweet_id","timestamp","text"` + "\n" + `"1","2014-06-01 10:00:00 +0000",a "b" c` + "\n", `tweets.csv: line 2, column 35: a " inside a field that is not quoted`},
		{`"tweet_id",time"stamp` + "\n", `tweets.csv: header: line 1, column 16: a " inside a field that is not quoted`},
	}
	for _, tt := range tests {
		err := readTweetCSV("tweets.csv", strings.NewReader(tt.csv), c, func(*Tweet) error { return nil })
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%q: error %v, want %q", tt.csv, err, tt.err)
		}
	}
}

// TestCSVErrorsNameTheZip: a Grailbird CSV's errors name the zip, then
// the member, as the JSON files' do, and keep encoding/csv's error.
func TestCSVErrorsNameTheZip(t *testing.T) {
	const header = `"tweet_id","timestamp","text"` + "\n"
	for name, body := range map[string]string{
		`line 2, column 47: a quoted field is not closed`: header + `"1","2014-06-01 10:00:00 +0000","unterminated` + "\n",
		`line 2: invalid tweet_id "x"`:                    header + `"x","2014-06-01 10:00:00 +0000","t"` + "\n",
		`header has no "tweet_id" column`:                 `"id","text"` + "\n",
	} {
		p := writeZip(t, map[string]string{"tweets.csv": body, "data/js/user_details.js": `var user_details = { "id" : "100", "screen_name" : "me" }`})
		a := openT(t, p)
		var err error
		for _, e := range a.Tweets(TweetOptions{}) {
			if e != nil {
				err = e
			}
		}
		if err == nil || !strings.HasPrefix(err.Error(), p+": tweets.csv: ") || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v, want %q after the zip and member", err, name)
		}
		if msg := fmt.Sprint(err); strings.Contains(msg, "parse error") || strings.Contains(msg, "quoted-field") {
			t.Errorf("error %q has encoding/csv's wording", msg)
		}
		var pe *csv.ParseError
		if strings.HasPrefix(name, "line 2, column") && !errors.As(err, &pe) {
			t.Errorf("error %q no longer wraps encoding/csv's error", err)
		}
	}
}

func FuzzTweetCSV(f *testing.F) {
	f.Add(`"tweet_id","in_reply_to_status_id","in_reply_to_user_id","timestamp","source","text","retweeted_status_id","retweeted_status_user_id","retweeted_status_timestamp","expanded_urls"` + "\n" +
		`"11","","","2014-06-01 10:00:00 +0000","web","a http://t.co/a","","","","https://e.org/1"` + "\n")
	f.Add(`"tweet_id","timestamp","text"` + "\n" + `"1","Sat Apr 13 16:42:51 +0000 2013","x ""y"""` + "\n")
	f.Add("")
	c := &tweetContext{accountID: "1", source: "t.csv"}
	f.Fuzz(func(t *testing.T, src string) {
		err := readTweetCSV("t.csv", strings.NewReader(src), c, func(tw *Tweet) error {
			if tw.IDStr == "" || tw.CreatedAt.IsZero() {
				t.Fatalf("tweet without id or date: %+v", tw)
			}
			return nil
		})
		if err != nil && !strings.HasPrefix(err.Error(), "t.csv: ") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Thu Mar 05 17:05:22 +0000 2026", "2026-03-06T13:15:31.187Z", "2017-05-13 00:06:47 +0000", "1534138567670", "1346920000", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, oks := parseRubyDate(s)
		tb, okb := parseRubyDate([]byte(s))
		if oks != okb || !ts.Equal(tb) {
			t.Fatalf("parseRubyDate differs for string and bytes: %q", s)
		}
		got, err := parseDate(s)
		if err != nil {
			return
		}
		if want, werr := time.Parse(time.RubyDate, s); werr == nil && !got.Equal(want) {
			t.Fatalf("parseDate(%q) = %v, time.Parse says %v", s, got, want)
		}
	})
}
