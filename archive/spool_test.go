package archive

import (
	"reflect"
	"testing"
	"time"
)

func TestSpoolRoundTrip(t *testing.T) {
	tweets := []*Tweet{
		{},
		{ID: 1, IDStr: "1", CreatedAt: time.Unix(0, 0).UTC()},
		{ID: 1<<64 - 1, IDStr: "18446744073709551615", CreatedAt: time.Date(2026, 3, 5, 17, 5, 22, 187e6, time.UTC),
			Text: "Fish & chips 😀", RawText: "Fish &amp; chips 😀", Lang: "en", Retweet: true, RetweetOfURL: "https://twitter.com/a/status/1",
			ReplyToID: "2", ReplyToUserID: "3", ReplyToScreenName: "c", SelfReply: true, QuoteURL: "q", Long: true, Community: true, Deleted: true,
			Hashtags: []string{"a", ""}, Mentions: []Mention{{ScreenName: "x"}, {ScreenName: "y", ID: "9"}}, URLs: []string{"u"},
			Media:         []Media{{Type: "video", URL: "v", File: "f", Alt: "alt"}},
			FavoriteCount: -1, RetweetCount: 1 << 40, Source: "data/tweets.js"},
	}
	for _, tw := range tweets {
		b := appendTweet(nil, tw)
		got, err := readTweet(b)
		if err != nil {
			t.Fatal(err)
		}
		if tw.CreatedAt.IsZero() {
			got.CreatedAt = tw.CreatedAt // the zero time is not representable as Unix time
		}
		if !reflect.DeepEqual(got, tw) {
			t.Errorf("round trip\n got %+v\nwant %+v", got, tw)
		}
		for i := range b {
			if _, err := readTweet(b[:i]); err == nil {
				t.Errorf("truncated record (%d of %d bytes) accepted", i, len(b))
			}
		}
	}
}

func FuzzSpoolRecord(f *testing.F) {
	f.Add(appendTweet(nil, &Tweet{ID: 5, IDStr: "5", Text: "x", Mentions: []Mention{{ScreenName: "a"}}}))
	f.Add([]byte{0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		tw, err := readTweet(b)
		if err != nil {
			return
		}
		again, err := readTweet(appendTweet(nil, tw))
		if err != nil || !reflect.DeepEqual(again, tw) {
			t.Fatalf("re-encoding changed the record: %+v vs %+v (%v)", again, tw, err)
		}
	})
}
