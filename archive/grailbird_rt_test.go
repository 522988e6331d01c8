package archive

import (
	"maps"
	"testing"
)

// TestGrailbirdRetweetWholeText: a Grailbird retweet whose text was cut
// with "…" takes the original's whole text from retweeted_status, its
// links expanded, its media link removed and its escapes undone.
func TestGrailbirdRetweetWholeText(t *testing.T) {
	files := maps.Clone(grailbird)
	files["top/data/js/tweet_index.js"] = `var tweet_index =  [ { "file_name" : "data\/js\/tweets\/2014_05.js" } ]`
	files["top/data/js/tweets/2014_05.js"] = "Grailbird.data.tweets_2014_05 = \n" + `[ {
  "source" : "web", "entities" : { "user_mentions" : [ { "name" : "Bob", "screen_name" : "bob", "indices" : [ 3, 7 ], "id_str" : "7", "id" : 7 } ], "media" : [ ], "hashtags" : [ ], "urls" : [ ] },
  "id_str" : "470000000000000001", "id" : 470000000000000001, "created_at" : "2014-05-29 17:03:42 +0000",
  "text" : "RT @bob: Fish &amp; chips are the best thing about a long walk along the coast on a rainy day, and here is wh\u2026",
  "retweeted_status" : {
    "source" : "web", "id_str" : "469999999999999999", "id" : 469999999999999999, "created_at" : "2014-05-29 16:00:00 +0000",
    "text" : "Fish &amp; chips are the best thing about a long walk along the coast on a rainy day, and here is why: http:\/\/t.co\/abcdefgh http:\/\/t.co\/picpicpi",
    "entities" : { "user_mentions" : [ ], "hashtags" : [ ],
      "urls" : [ { "indices" : [ 102, 124 ], "url" : "http:\/\/t.co\/abcdefgh", "expanded_url" : "https:\/\/example.org\/why", "display_url" : "example.org\/why" } ],
      "media" : [ { "indices" : [ 125, 147 ], "url" : "http:\/\/t.co\/picpicpi", "media_url_https" : "https:\/\/pbs.twimg.com\/media\/X.jpg", "id_str" : "1", "id" : 1 } ] },
    "user" : { "name" : "Bob", "screen_name" : "bob", "id" : 7, "id_str" : "7" }
  }
} ]`
	a := openT(t, writeZip(t, files))
	tw := collect(t, a, TweetOptions{})
	if len(tw) != 1 {
		t.Fatalf("%d tweets", len(tw))
	}
	want := "RT @bob: Fish & chips are the best thing about a long walk along the coast on a rainy day, and here is why: https://example.org/why"
	if got := tw[0]; got.Text != want || !got.RetweetWhole || !got.Retweet || got.RetweetOfURL != "https://twitter.com/bob/status/469999999999999999" {
		t.Errorf("retweet %+v\nwant text %q", got, want)
	}
	// The sorted view goes through the spool: the flag must survive it.
	if s := collect(t, a, TweetOptions{Sorted: true}); !s[0].RetweetWhole || s[0].Text != want {
		t.Errorf("sorted: %+v", s[0])
	}
}
