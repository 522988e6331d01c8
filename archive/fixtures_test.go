package archive

// eraD is a small current-era archive exercising most quirks: two tweet
// parts out of order, an edit chain, a long post, media present and
// missing, an escaped text with entities after the escape, a self-reply,
// a quote, a retweet, a deleted and a community tweet.
var eraD = map[string]string{
	"data/manifest.js": `window.__THAR_CONFIG = {
  "userInfo" : { "accountId" : "100", "userName" : "me", "displayName" : "Me Myself" },
  "dataTypes" : {
    "tweets" : { "mediaDirectory" : "data/tweets_media", "files" : [
      { "fileName" : "data/tweets.js", "globalName" : "YTD.tweets.part0", "count" : "4" },
      { "fileName" : "data/tweets-part1.js", "globalName" : "YTD.tweets.part1", "count" : "3" } ] },
    "noteTweet" : { "files" : [ { "fileName" : "data/note-tweet.js", "globalName" : "YTD.note_tweet.part0", "count" : "1" } ] }
  }
}`,
	"data/account.js": `window.YTD.account.part0 = [ {
  "account" : { "email" : "me@example.org", "createdVia" : "web", "username" : "me", "accountId" : "100",
    "createdAt" : "2015-03-30T10:38:02.103Z", "accountDisplayName" : "Me Myself" } } ]`,
	"data/tweets.js": `window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1700000000000000010" ], "editableUntil" : "2023-09-08T10:00:00.000Z", "editsRemaining" : "5", "isEditEligible" : false } },
      "id_str" : "1700000000000000010", "id" : "1700000000000000010",
      "created_at" : "Fri Sep 08 09:30:00 +0000 2023",
      "full_text" : "Fish &amp; chips 😀 at https://t.co/abc #food https://t.co/med",
      "lang" : "en", "favorite_count" : "3", "retweet_count" : "1",
      "display_text_range" : [ "0", "62" ],
      "entities" : {
        "hashtags" : [ { "text" : "food", "indices" : [ "39", "44" ] } ],
        "symbols" : [ ], "user_mentions" : [ ],
        "urls" : [ { "url" : "https://t.co/abc", "expanded_url" : "https://example.org/fish", "display_url" : "example.org/fish", "indices" : [ "22", "38" ] } ],
        "media" : [ { "url" : "https://t.co/med", "indices" : [ "45", "61" ], "type" : "photo" } ]
      },
      "extended_entities" : { "media" : [
        { "type" : "photo", "url" : "https://t.co/med", "indices" : [ "45", "61" ], "media_url_https" : "https://pbs.twimg.com/media/AAA.jpg", "id_str" : "9" },
        { "type" : "video", "url" : "https://t.co/med", "indices" : [ "45", "61" ], "media_url_https" : "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/T.jpg",
          "video_info" : { "variants" : [
            { "content_type" : "application/x-mpegURL", "url" : "https://video.twimg.com/x.m3u8" },
            { "bitrate" : "832000", "content_type" : "video/mp4", "url" : "https://video.twimg.com/ext_tw_video/1/pu/vid/low.mp4?tag=12" },
            { "bitrate" : "2176000", "content_type" : "video/mp4", "url" : "https://video.twimg.com/ext_tw_video/1/pu/vid/high.mp4?tag=12" } ] } }
      ] }
    }
  },
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1700000000000000020", "1700000000000000030" ] } },
      "id_str" : "1700000000000000020", "id" : "1700000000000000020",
      "created_at" : "Fri Sep 08 10:00:00 +0000 2023",
      "full_text" : "first version", "entities" : { "hashtags" : [ ], "urls" : [ ], "user_mentions" : [ ] }
    }
  },
  {
    "tweet" : {
      "id_str" : "1700000000000000040", "id" : "1700000000000000040",
      "created_at" : "Fri Sep 08 11:00:00 +0000 2023",
      "in_reply_to_status_id_str" : "1700000000000000030", "in_reply_to_user_id_str" : "100", "in_reply_to_screen_name" : "me",
      "full_text" : "@me and more, see https://t.co/q",
      "entities" : { "hashtags" : [ ], "user_mentions" : [ { "screen_name" : "me", "id_str" : "100", "id" : "100", "indices" : [ "0", "3" ] } ],
        "urls" : [ { "url" : "https://t.co/q", "expanded_url" : "https://x.com/other/status/123?s=20", "indices" : [ "18", "32" ] } ] }
    }
  },
  {
    "tweet" : {
      "id_str" : "1700000000000000040", "id" : "1700000000000000040",
      "created_at" : "Fri Sep 08 11:00:00 +0000 2023",
      "full_text" : "duplicate record", "entities" : { }
    }
  }
]`,
	"data/tweets-part1.js": `window.YTD.tweets.part1 = [ {
    "tweet" : {
      "edit_info" : { "edit" : { "initialTweetId" : "1700000000000000020", "editControlInitial" : { "editTweetIds" : [ "1700000000000000020", "1700000000000000030" ] } } },
      "id_str" : "1700000000000000030", "id" : "1700000000000000030",
      "created_at" : "Fri Sep 08 10:05:00 +0000 2023",
      "full_text" : "second version", "entities" : { }
    }
  }, {
    "tweet" : {
      "id_str" : "1600000000000000001", "id" : "1600000000000000001",
      "created_at" : "Tue Sep 06 08:00:00 +0000 2022",
      "full_text" : "RT @someone: hello there…",
      "entities" : { "user_mentions" : [ { "screen_name" : "someone", "id_str" : "555", "indices" : [ "3", "11" ] },
                                         { "screen_name" : "ghost", "id_str" : "-1", "id" : "-1", "indices" : [ "0", "0" ] } ] }
    }
  }, {
    "tweet" : {
      "id_str" : "1800000000000000000", "id" : "1800000000000000000",
      "created_at" : "Wed Jan 03 12:00:00 +0000 2024",
      "in_reply_to_user_id_str" : "777", "in_reply_to_screen_name" : "friend",
      "full_text" : "@friend This is the start of a very long post that goes on…",
      "entities" : { "user_mentions" : [ { "screen_name" : "friend", "id_str" : "777", "indices" : [ "0", "7" ] } ] }
    }
  } ]`,
	"data/note-tweet.js": `window.YTD.note_tweet.part0 = [
  { "noteTweet" : { "noteTweetId" : "` + noteID + `", "createdAt" : "2024-01-03T12:00:00.000Z",
      "core" : { "text" : "This is the start of a very long post that goes on and on > and links https://t.co/n",
        "urls" : [ { "shortUrl" : "https://t.co/n", "expandedUrl" : "https://example.org/long", "fromIndex" : "70", "toIndex" : "84" } ],
        "mentions" : [ ], "hashtags" : [ ] } } } ]`,
	"data/deleted-tweets.js":   `window.YTD.deleted_tweets.part0 = [ { "tweet" : { "id_str" : "1700000000000000099", "created_at" : "Fri Sep 08 12:00:00 +0000 2023", "deleted_at" : "Fri Sep 08 13:00:00 +0000 2023", "full_text" : "oops", "entities" : { } } } ]`,
	"data/community-tweet.js":  `window.YTD.community_tweet.part0 = [ { "tweet" : { "id_str" : "1700000000000000077", "created_at" : "Fri Sep 08 12:30:00 +0000 2023", "full_text" : "in the community", "community_id_str" : "42", "entities" : { } } } ]`,
	"data/following.js":        `window.YTD.following.part0 = [ { "following" : { "accountId" : "1", "userLink" : "https://twitter.com/intent/user?user_id=1" } }, { "following" : { "accountId" : "2" } } ]`,
	"data/follower.js":         `window.YTD.follower.part0 = [ { "follower" : { "accountId" : "3" } } ]`,
	"data/block.js":            `window.YTD.block.part0 = [ { "blocking" : { "accountId" : "4" } } ]`,
	"data/mute.js":             `window.YTD.mute.part0 = [ ]`,
	"data/like.js":             `window.YTD.like.part0 = [ { "like" : { "tweetId" : "5", "fullText" : "liked", "expandedUrl" : "https://twitter.com/i/web/status/5" } }, { "like" : { "tweetId" : "6" } } ]`,
	"data/lists-created.js":    `window.YTD.lists_created.part0 = [ { "userListInfo" : { "url" : "https://twitter.com/me/lists/a" } } ]`,
	"data/lists-subscribed.js": `window.YTD.lists_subscribed.part0 = [ { "userListInfo" : { "url" : "https://twitter.com/x/lists/b" } }, { "userListInfo" : { "url" : "https://twitter.com/y/lists/c" } } ]`,
	"data/lists-member.js":     `window.YTD.lists_member.part0 = [ { "userListInfo" : { "url" : "https://twitter.com/z/lists/d" } } ]`,
	"data/screen-name-change.js": `window.YTD.screen_name_change.part0 = [ { "screenNameChange" : { "accountId" : "100",
      "screenNameChange" : { "changedAt" : "2019-01-02T03:04:05.000Z", "changedFrom" : "old", "changedTo" : "me" } } } ]`,
	"data/profile.js": `window.YTD.profile.part0 = [ { "profile" : { "description" : { "bio" : "hi", "website" : "https://t.co/w", "location" : "Earth" },
      "avatarMediaUrl" : "https://pbs.twimg.com/profile_images/1/Av.jpg", "headerMediaUrl" : "https://pbs.twimg.com/profile_banners/100/1677705247" } } ]`,
	"data/profile_media/100-Av.jpg":                 "jpg",
	"data/profile_media/100-1677705247.jpg":         "jpg",
	"data/tweets_media/1700000000000000010-AAA.jpg": "jpg",
	"data/tweets_media/unrelated.jpg":               "x",
}

// noteID is a snowflake 20 ms before tweet 1800000000000000000.
const noteID = "1799999999916113920"
