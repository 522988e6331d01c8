package archive

import (
	"context"
	"testing"
	"time"
)

// eraB is a 2018-style archive: files at the zip root, bare tweet records,
// epoch dates, tweet_media/, the one-record urls array for lists.
var eraB = map[string]string{
	"account.js": `window.YTD.account.part0 = [ {
  "account" : { "username" : "me", "accountId" : "100", "createdAt" : "1346790000000", "accountDisplayName" : "Me" } } ]`,
	"tweet.js": `window.YTD.tweet.part0 = [ {
  "id_str" : "1030000000000000001", "id" : "1030000000000000001", "created_at" : "Tue Aug 14 10:00:00 +0000 2018",
  "full_text" : "hi \ud83d\ude00 https://t.co/p", "lang" : "en",
  "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
  "extended_entities" : { "media" : [ { "type" : "photo", "url" : "https://t.co/p", "indices" : [ "4", "18" ], "media_url_https" : "https://pbs.twimg.com/media/P.jpg" } ] }
}, {
  "id_str" : "1030000000000000002", "created_at" : "Tue Aug 14 11:00:00 +0000 2018", "full_text" : "bare", "entities" : { }
} ]`,
	"tweet_media/1030000000000000001-P.jpg": "jpg",
	"lists-created.js":                      `window.YTD.lists_created.part0 = [ { "userListInfo" : { "urls" : [ "https://twitter.com/me/lists/a", "https://twitter.com/me/lists/b" ] } } ]`,
	"lists-subscribed.js":                   `window.YTD.lists_subscribed.part0 = [ { "userListInfo" : { "urls" : [ ] } } ]`,
	"following.js":                          `window.YTD.following.part0 = [ { "following" : { "accountId" : "7" } } ]`,
	"screen-name-change.js":                 `window.YTD.screen_name_change.part0 = [ { "screenNameChange" : { "accountId" : "100", "screenNameChange" : { "changedAt" : "1346920000", "changedFrom" : "a", "changedTo" : "me" } } } ]`,
}

func TestEraB(t *testing.T) {
	a := openT(t, writeZip(t, eraB))
	if a.Format() != FormatGDPR2018 {
		t.Fatalf("format %q", a.Format())
	}
	acct, err := a.Account()
	if err != nil || !acct.CreatedAt.Equal(time.UnixMilli(1346790000000)) {
		t.Errorf("account %+v, %v", acct, err)
	}
	tw := collect(t, a, TweetOptions{})
	if len(tw) != 2 || tw[0].Text != "hi 😀" || tw[0].Media[0].File != "tweet_media/1030000000000000001-P.jpg" {
		t.Fatalf("tweets %+v", tw)
	}
	s, err := a.Inspect(context.Background())
	if err != nil || s.Lists != 2 || s.Following != 1 || s.Media != (MediaCounts{Referenced: 1, Present: 1}) {
		t.Errorf("summary %+v, %v", s, err)
	}
	for c, err := range a.ScreenNameChanges() {
		if err != nil || !c.ChangedAt.Equal(time.Unix(1346920000, 0)) {
			t.Errorf("change %+v, %v", c, err)
		}
	}
}
