package importer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
)

// TestSplitTextUnicodeBreaks: texts without spaces are cut where Unicode
// allows a line break, sentence ends first; a link is never cut in two
// when it fits a post.
func TestSplitTextUnicodeBreaks(t *testing.T) {
	ja := strings.Repeat("今日は天気がいいので公園まで散歩に行きました。", 40)
	zh := strings.Repeat("你今天去哪里了？我们明天一起去看电影吧！", 40)
	jaQuoted := strings.Repeat("彼は「明日また来ます。」と言った。", 60)
	link := "https://example.org/" + strings.Repeat("p", 60)
	linked := strings.Repeat("some words here ", 28) + link + strings.Repeat(" and more words", 30)
	tests := []struct {
		name  string
		body  string
		limit int
		count CharCounter
		ends  []string // every segment but the last ends with one of these
		whole string   // must sit whole inside one segment
	}{
		{"japanese sentences", ja, 500, mastodonCounter(500), []string{"。"}, ""},
		{"chinese ！ and ？", zh, 500, mastodonCounter(500), []string{"！", "？"}, ""},
		{"closing bracket after 。", jaQuoted, 500, mastodonCounter(500), []string{"。", "」"}, ""},
		{"link kept whole (gts counts it in full)", linked, 500, gtsCounter(), nil, link},
		{"link after a bracket kept whole", strings.Replace(linked, " "+link, " ("+link+")", 1), 500, gtsCounter(), nil, link},
		{"link right after japanese kept whole", strings.Repeat("今日は天気がいい", 55) + link + strings.Repeat("明日も晴れるといいですね", 30), 500, gtsCounter(), nil, link},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, err := splitText(tt.body, tt.limit, tt.count, markers(""))
			if err != nil {
				t.Fatal(err)
			}
			if len(segs) < 2 {
				t.Fatalf("expected a split, got %d segment(s)", len(segs))
			}
			checkSegments(t, tt.body, segs, tt.limit, tt.count, "")
			for i, s := range segs[:len(segs)-1] {
				ok := len(tt.ends) == 0
				for _, e := range tt.ends {
					ok = ok || strings.HasSuffix(s, e)
				}
				if !ok {
					t.Errorf("segment %d ends mid-sentence: …%q", i, lastRunes(s, 8))
				}
			}
			if tt.whole != "" && !containsWhole(segs, tt.whole) {
				t.Errorf("%q was cut across segments", tt.whole)
			}
		})
	}
}

func containsWhole(segs []string, s string) bool {
	for _, seg := range segs {
		if strings.Contains(seg, s) {
			return true
		}
	}
	return false
}

func lastRunes(s string, n int) string {
	r := []rune(s)
	return string(r[max(0, len(r)-n):])
}

// TestSplitTextNeverMidGrapheme: with no break opportunity at all, the cut
// falls between grapheme clusters, never inside one.
func TestSplitTextNeverMidGrapheme(t *testing.T) {
	body := strings.Repeat("e\u0301👍🏽", 400) // combining accent, skin-tone emoji
	count := mastodonCounter(100)
	segs, err := splitText(body, 100, count, markers(""))
	if err != nil {
		t.Fatal(err)
	}
	checkSegments(t, body, segs, 100, count, "")
}

// checkGraphemeCuts asserts that joining two neighbouring segments does
// not merge their edge characters into one grapheme cluster: the cut
// between them fell on a cluster boundary.
func checkGraphemeCuts(t *testing.T, segs []string) {
	t.Helper()
	for i := 1; i < len(segs); i++ {
		a, b := segs[i-1], segs[i]
		if a == "" || b == "" {
			continue
		}
		if uniseg.GraphemeClusterCount(a+b) != uniseg.GraphemeClusterCount(a)+uniseg.GraphemeClusterCount(b) {
			t.Errorf("segments %d and %d split a character: …%q | %q…", i-1, i, lastRunes(a, 3), string([]rune(b)[:min(3, len([]rune(b)))]))
		}
	}
}

// BenchmarkSplitText measures splitting one huge post with no spaces at
// all (no break opportunity: every cut is a grapheme cut) and one of
// Japanese (a break opportunity between nearly every pair of characters).
// Splitting was quadratic: 64 KB 0.3 s, 512 KB 19 s, 4 MB > 19 CPU-min.
//
//	go test ./importer -run '^$' -bench BenchmarkSplitText -benchtime 1x
func BenchmarkSplitText(b *testing.B) {
	count := quickCounter(mastodonCounter(500), 500, 23)
	for _, kind := range []struct{ name, unit string }{{"nospace", "x"}, {"japanese", "今日は天気がいいですね"}} {
		for _, size := range []int{64 << 10, 512 << 10, 4 << 20} {
			body := strings.Repeat(kind.unit, size/len(kind.unit))
			b.Run(fmt.Sprintf("%s/%dKB", kind.name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					segs, err := splitText(body, 500, count, markers(""))
					if err != nil || len(segs) < 2 {
						b.Fatal(err, len(segs))
					}
				}
			})
		}
	}
}
