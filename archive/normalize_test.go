package archive

import (
	"errors"
	"github.com/go-json-experiment/json/jsontext"
	"reflect"
	"strings"
	"testing"
	"time"
)

// decodeTweet decodes one tweet-file element and normalizes it.
func decodeTweet(c *tweetContext, elem string) (*Tweet, error) {
	ar, err := newArrayReader("t.js", strings.NewReader("x = [ "+elem+" ]"))
	if err != nil {
		return nil, err
	}
	if !ar.next() {
		if ar.err == nil {
			return nil, errors.New("t.js: no record")
		}
		return nil, ar.err
	}
	var e tweetElem
	if err := ar.decodeWith(func(dec *jsontext.Decoder) error { return decodeTweetElem(dec, &e) }); err != nil {
		return nil, err
	}
	t, err := c.normalize(e.record())
	if err != nil {
		return nil, ar.errorf("%w", err)
	}
	return t, nil
}

func TestNormalize(t *testing.T) {
	gdpr := &tweetContext{accountID: "100", source: "t.js", mediaDir: "data/tweets_media",
		media: map[string]bool{"5-AAA.jpg": true, "6-best.mp4": true}}
	grail := &tweetContext{accountID: "100", source: "t.js", grailbird: true}
	tests := []struct {
		name string
		ctx  *tweetContext
		elem string
		want Tweet
	}{{
		name: "era B bare record with surrogate escapes",
		ctx:  gdpr,
		elem: `{"id_str":"1","id":"1","created_at":"Mon Aug 13 10:00:00 +0000 2018","full_text":"hi \uD83D\uDE00 &lt;3","lang":"en","favorite_count":"12","retweet_count":3,"entities":{}}`,
		want: Tweet{ID: 1, IDStr: "1", Text: "hi 😀 <3", RawText: "hi 😀 &lt;3", Lang: "en", FavoriteCount: 12, RetweetCount: 3},
	}, {
		name: "grailbird ids above 2^53 as numbers, retweeted_status, media_alt",
		ctx:  grail,
		elem: `{"id":1234567890123456789,"id_str":"1234567890123456789","created_at":"2014-05-29 17:03:42 +0000","text":"RT @bob: look http:\/\/t.co\/m",
			"retweeted_status":{"id":1234567890123456000,"id_str":"1234567890123456000","user":{"screen_name":"bob"}},
			"in_reply_to_user_id":99,"in_reply_to_user_id_str":"99",
			"entities":{"user_mentions":[{"screen_name":"bob","id":7,"id_str":"7","indices":[3,7]}],"hashtags":[],"urls":[],
			"media":[{"url":"http:\/\/t.co\/m","indices":[14,27],"media_url_https":"https:\/\/pbs.twimg.com\/media\/G.jpg","media_alt":"a cat","sizes":[{"h":1,"w":1,"resize":"fit"}]}]}}`,
		want: Tweet{ID: 1234567890123456789, IDStr: "1234567890123456789", Text: "RT @bob: look", RawText: "RT @bob: look http://t.co/m",
			Retweet: true, RetweetOfURL: "https://twitter.com/bob/status/1234567890123456000", ReplyToUserID: "99",
			Mentions: []Mention{{ScreenName: "bob", ID: "7"}},
			Media:    []Media{{Type: "photo", URL: "https://pbs.twimg.com/media/G.jpg", Alt: "a cat"}}},
	}, {
		name: "wrapped record: media files, best variant, quote, self reply, unresolved mention",
		ctx:  gdpr,
		elem: `{"tweet":{"id_str":"6","created_at":"Thu Mar 05 17:05:22 +0000 2026","full_text":"@me @ghost q https://t.co/q https://t.co/v",
			"in_reply_to_status_id_str":"4","in_reply_to_user_id_str":"100","in_reply_to_screen_name":"me",
			"entities":{"user_mentions":[{"screen_name":"me","id_str":"100","indices":["0","3"]},{"screen_name":"ghost","id_str":"-1","id":"-1","indices":["4","10"]}],
			"urls":[{"url":"https://t.co/q","expanded_url":"https://twitter.com/x/status/9","indices":["13","27"]}],"hashtags":[{"text":"h","indices":["0","0"]}]},
			"extended_entities":{"media":[{"type":"animated_gif","url":"https://t.co/v","indices":["28","42"],"source_status_id_str":"77",
			"video_info":{"variants":[{"bitrate":"0","content_type":"video/mp4","url":"https://video.twimg.com/tweet_video/best.mp4"}]}}]}}}`,
		want: Tweet{ID: 6, IDStr: "6", Text: "@me @ghost q https://twitter.com/x/status/9", RawText: "@me @ghost q https://t.co/q https://t.co/v",
			ReplyToID: "4", ReplyToUserID: "100", ReplyToScreenName: "me", SelfReply: true,
			QuoteURL: "https://twitter.com/x/status/9", Hashtags: []string{"h"},
			Mentions: []Mention{{ScreenName: "me", ID: "100"}, {ScreenName: "ghost"}},
			URLs:     []string{"https://twitter.com/x/status/9"},
			Media:    []Media{{Type: "animated_gif", URL: "https://video.twimg.com/tweet_video/best.mp4", File: "data/tweets_media/6-best.mp4"}}},
	}, {
		name: "url entity without expanded_url",
		ctx:  gdpr,
		elem: `{"tweet":{"id_str":"7","created_at":"Thu Mar 05 17:05:22 +0000 2026","full_text":"x https://t.co/a",
			"entities":{"urls":[{"url":"https://t.co/a","indices":["2","16"]}]}}}`,
		want: Tweet{ID: 7, IDStr: "7", Text: "x https://t.co/a", RawText: "x https://t.co/a", URLs: []string{"https://t.co/a"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeTweet(tt.ctx, tt.elem)
			if err != nil {
				t.Fatal(err)
			}
			got.CreatedAt = tt.want.CreatedAt
			tt.want.Source = "t.js"
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	c := &tweetContext{source: "t.js"}
	tests := []struct{ elem, err string }{
		{`{"tweet":{"created_at":"Thu Mar 05 17:05:22 +0000 2026"}}`, "record 1 (byte 6): tweet has no id"},
		{`{"tweet":{"id_str":"12x","created_at":"Thu Mar 05 17:05:22 +0000 2026"}}`, `invalid tweet id "12x"`},
		{`{"tweet":{"id_str":"1"}}`, "tweet 1 has no created_at"},
		{`{"tweet":{"id_str":"1","created_at":"soon"}}`, `tweet 1: unrecognised date "soon"`},
		{`{"tweet":{"id_str":"1","created_at":"Thu Mar 05 17:05:22 +0000 2026","favorite_count":"many"}}`, `invalid number "many"`},
		{`{"tweet":{"id_str":"1","created_at":"Thu Mar 05 17:05:22 +0000 2026","favorite_count":true}}`, "expected a number"},
		{`{"tweet":{"id_str":["1"]}}`, "t.js: record 1"},
	}
	for _, tt := range tests {
		_, err := decodeTweet(c, tt.elem)
		if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "t.js: record 1") {
			t.Errorf("%s: error %v, want it to contain %q", tt.elem, err, tt.err)
		}
	}
}

func FuzzTweetRecord(f *testing.F) {
	for _, s := range []string{
		`{"tweet":{"id_str":"1","created_at":"Thu Mar 05 17:05:22 +0000 2026","full_text":"a &amp; https://t.co/x","entities":{"urls":[{"url":"https://t.co/x","expanded_url":"https://e.org","indices":["8","22"]}]}}}`,
		`{"id":12345678901234567890,"created_at":"2014-05-29 17:03:42 +0000","text":"RT @a: b","retweeted_status":{"id":1,"user":{"screen_name":"a"}},"entities":{"media":[{"url":"u","indices":[0,99]}]}}`,
		`{"tweet":{"id_str":"5","created_at":"1534138567670","full_text":"😀 x","edit_info":{"initial":{"editTweetIds":["5","6"]}},"extended_entities":{"media":[{"type":"video","indices":["-1","7"],"video_info":{"variants":[{"bitrate":"x"}]}}]}}}`,
		`{}`, `[]`, `{"tweet":null}`,
		`{"id":"0","created_at":" "}`,
		`{"id_str":"7","created_at":"Mon Jan 01 00:00:00 +0000 1990","in_reply_to_user_id_str":"9"}`,
		`{"id_str":"8","created_at":"2014-05-29 17:03:42 +0000","text":"RT @b: c…","retweeted_status":{"id_str":"3","text":"c d &amp; e","user":{"screen_name":"b"},"entities":{"urls":[{"url":"x","indices":[0,1]}]}}}`,
	} {
		f.Add(s)
	}
	c := &tweetContext{accountID: "1", source: "t.js", mediaDir: "m", media: map[string]bool{}}
	f.Fuzz(func(t *testing.T, elem string) {
		tw, err := decodeTweet(c, elem)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "t.js: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if tw.IDStr == "" || tw.CreatedAt.IsZero() {
			t.Fatalf("accepted a tweet without id or date: %+v", tw)
		}
		// No tweet has id 0 or a date before Twitter or after tomorrow
		// (fuzzing found {"id":"0","created_at":" "} planned at year 1).
		if tw.ID == 0 || tw.CreatedAt.Before(twitterLaunch) || tw.CreatedAt.After(time.Now().Add(futureSlack)) {
			t.Fatalf("accepted an impossible tweet: id %d, created %v", tw.ID, tw.CreatedAt)
		}
		if tw.RepliesToOthers() && tw.SelfReply {
			t.Fatalf("a self-reply counted as a reply to others: %+v", tw)
		}
		if tw.RetweetWhole && !strings.HasPrefix(tw.Text, "RT @") {
			t.Fatalf("whole retweet text %q does not say who was retweeted", tw.Text)
		}
		if _, err := tw.MarshalJSON(); err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
	})
}
