package twitter

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeV2(t *testing.T) {
	body := `{"data":[
	  {"id":"1","username":"alice","name":"Alice","description":"see https://t.co/a","location":"Belhu","url":"https://t.co/u",
	   "entities":{"description":{"urls":[{"start":4,"end":18,"url":"https://t.co/a","expanded_url":"https://social.example/@alice"}]},
	               "url":{"urls":[{"start":0,"end":14,"url":"https://t.co/u","expanded_url":"https://alice.example"}]}},
	   "pinned_tweet_id":"10"},
	  {"id":"2","username":"bob","pinned_tweet_id":"20"},
	  {"id":"3","username":"carol","pinned_tweet_id":"404"}],
	 "includes":{"tweets":[
	  {"id":"10","text":"short https://t.co/p","entities":{"urls":[{"start":6,"end":20,"url":"https://t.co/p","expanded_url":"https://x.example"}]}},
	  {"id":"20","text":"cut…","note_tweet":{"text":"the whole long post","entities":{"urls":[]}}}]},
	 "errors":[{"value":"4","detail":"Could not find user with ids: [4]."}]}`
	us, err := decodeV2([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 3 {
		t.Fatalf("%d users: %+v", len(us), us)
	}
	a := us[0]
	if a.ID != "1" || a.ScreenName != "alice" || a.Name != "Alice" || a.Location != "Belhu" || a.Source != SourceV2 ||
		len(a.DescriptionURLs) != 1 || a.DescriptionURLs[0] != (URLEntity{"https://t.co/a", "https://social.example/@alice", 4, 18}) ||
		len(a.URLURLs) != 1 || a.URLURLs[0].ExpandedURL != "https://alice.example" ||
		a.PinnedText != "short https://t.co/p" || len(a.PinnedURLs) != 1 || a.PinnedURLs[0].Start != 6 {
		t.Errorf("alice: %+v", a)
	}
	// A long pinned post is read whole; a pinned tweet not included is none.
	if us[1].PinnedText != "the whole long post" || us[1].PinnedURLs != nil {
		t.Errorf("bob: %+v", us[1])
	}
	if us[2].PinnedText != "" {
		t.Errorf("carol: %+v", us[2])
	}

	// One user instead of a list, and no data at all.
	if us, err := decodeV2([]byte(`{"data":{"id":"5","username":"dan"}}`)); err != nil || len(us) != 1 || us[0].ScreenName != "dan" {
		t.Errorf("one user: %+v, %v", us, err)
	}
	if us, err := decodeV2([]byte(`{"errors":[{"detail":"nobody"}]}`)); err != nil || us != nil {
		t.Errorf("no data: %+v, %v", us, err)
	}
	for _, bad := range []string{`[1,2]`, `{"data":"x"}`, `{"data":[{"name":"nobody"}]}`, `{"data":[{"id":"12a","username":"x"}]}`,
		`{"data":[{"id":"1","username":"../etc"}]}`, `{"data":[{"id":1,"username":"num"}]}`} {
		if _, err := decodeV2([]byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "twitter API: unreadable v2 response") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// The API's answer is remote input: whatever it is, decoding neither
// panics nor yields a user whose id or name could not name a cache file.
func FuzzDecodeV2(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"1","username":"a","entities":{"description":{"urls":[{"start":0,"end":3,"url":"x"}]}},"pinned_tweet_id":"9"}],"includes":{"tweets":[{"id":"9","text":"t"}]}}`))
	f.Add([]byte(`{"data":{"id":"2","username":"b"}}`))
	f.Add([]byte(`{"data":null,"errors":[]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		us, err := decodeV2(body)
		if err != nil {
			if us != nil {
				t.Errorf("users %+v beside error %v", us, err)
			}
			return
		}
		for _, u := range us {
			if (u.ID == "" && u.ScreenName == "") || (u.ID != "" && !validID(u.ID)) || (u.ScreenName != "" && !validName(u.ScreenName)) {
				t.Errorf("user %+v has no valid id or name", u)
			}
			if u.Source != SourceV2 || !utf8.ValidString(u.ID) {
				t.Errorf("user %+v", u)
			}
		}
	})
}
