package profiles

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzReadProfiles(f *testing.F) {
	for _, path := range []string{"testdata/profiles/mixed.jsonl", "testdata/profiles/profiles.csv"} {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`{"id":"1","description":"é https://t.co/x","entities":{"description":{"urls":[{"url":"https://t.co/x","start":2,"end":99}]}}}`)
	f.Add(`{"data":{"id":"1","pinned_tweet_id":"2"},"includes":{"tweets":[{"id":"2","text":"x"}]}}`)
	f.Add(`[[[{"id_str":"1"}]]]`)
	f.Add(CSVHeader + "\n1,a,\"b\nc\",,,\n")
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := Read(strings.NewReader(in), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, p := range ps {
			if p.ID == "" && p.ScreenName == "" {
				t.Fatalf("profile without id or name: %+v", p)
			}
			for _, set := range []struct {
				text string
				es   []URLEntity
			}{{p.Description, p.DescriptionURLs}, {p.URL, p.URLURLs}, {p.PinnedText, p.PinnedURLs}} {
				n := utf8.RuneCountInString(set.text)
				for _, e := range set.es {
					if e.Start == 0 && e.End == 0 {
						continue
					}
					if e.Start < 0 || e.End > n || e.Start >= e.End || string([]rune(set.text)[e.Start:e.End]) != e.URL {
						t.Fatalf("bad span kept: %+v in %q", e, set.text)
					}
				}
			}
		}
	})
}
