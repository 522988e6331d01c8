package archive

import (
	"context"
	"strings"
	"testing"
)

// TestAudienceFiles: Circle tweets, tweets written while the account was
// protected and tweets listed as deleted are marked on the tweets of
// tweets.js, whatever the wrapper of the protected-history records.
func TestAudienceFiles(t *testing.T) {
	files := withFiles(map[string]string{
		"data/twitter-circle-tweet.js": `window.YTD.twitter_circle_tweet.part0 = [ { "tweet" : { "id_str" : "1700000000000000010", "created_at" : "Fri Sep 08 09:30:00 +0000 2023", "full_text" : "inner circle" } } ]`,
		"data/protected-history.js": `window.YTD.protected_history.part0 = [
  { "protectedHistory" : { "protectedAt" : "2023-12-01T00:00:00.000Z", "action" : "Protect" } },
  { "protectedHistory" : { "protectedAt" : "2023-09-08T10:30:00.000Z", "action" : "Unprotect" } },
  { "protectedAt" : "2023-09-08T10:00:00.000Z", "action" : "Protect" } ]`,
		"data/deleted-tweet-headers.js": `window.YTD.deleted_tweet_headers.part0 = [ { "tweet" : { "tweet_id" : "1700000000000000040", "user_id" : "100", "created_at" : "Fri Sep 08 11:00:00 +0000 2023", "deleted_at" : "Fri Sep 09 11:00:00 +0000 2023" } } ]`,
	})
	a := openT(t, writeZip(t, files))
	want := map[string]string{
		"1700000000000000010": "circle",
		"1700000000000000030": "protected", // 10:05, inside the first period
		"1700000000000000040": "deleted",
		"1600000000000000001": "",
		"1800000000000000000": "protected", // still protected since 2023-12-01
	}
	for _, tw := range collect(t, a, TweetOptions{ExcludeCommunity: true, Sorted: true}) {
		got := ""
		switch {
		case tw.Circle:
			got = "circle"
		case tw.Protected:
			got = "protected"
		case tw.Deleted:
			got = "deleted"
		}
		if w, ok := want[tw.IDStr]; !ok || got != w {
			t.Errorf("tweet %s: %q, want %q", tw.IDStr, got, w)
		}
	}
	s, err := a.Inspect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c := s.Tweets; c.Total != 4 || c.Deleted != 2 || c.Circle != 1 || c.Protected != 2 {
		t.Errorf("counts %+v: want total 4, deleted 2 (one from tweets.js), circle 1, protected 2", c)
	}
}

func TestAudienceFileErrors(t *testing.T) {
	tests := []struct{ name, file, content, err string }{
		{"bad action", "data/protected-history.js", `window.YTD.protected_history.part0 = [ { "protectedHistory" : { "protectedAt" : "2023-12-01T00:00:00.000Z", "action" : "Lock" } } ]`, `data/protected-history.js: record 1 (byte 39): action "Lock"`},
		{"bad date", "data/protected-history.js", `window.YTD.protected_history.part0 = [ { "protectedHistory" : { "protectedAt" : "soon", "action" : "Protect" } } ]`, `data/protected-history.js: record 1 (byte 39): protectedAt "soon" is not a date`},
		{"bad circle id", "data/twitter-circle-tweet.js", `window.YTD.twitter_circle_tweet.part0 = [ { "tweet" : { "id_str" : "x1" } } ]`, `data/twitter-circle-tweet.js: record 1 (byte 42): id_str: want a tweet id, found "x1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iterErr, inspErr := tweetsErr(t, withFiles(map[string]string{tt.file: tt.content}))
			for _, err := range []error{iterErr, inspErr} {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want it to contain %q", err, tt.err)
				}
			}
		})
	}
}
