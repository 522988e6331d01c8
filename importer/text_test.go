package importer

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/internal/mastodon"
)

func TestRewriteMentions(t *testing.T) {
	handles := map[string]string{"alice": "alice@social.example", "bob": ""}
	tests := []struct {
		name, in, policy, want string
	}{
		{"plain", "hi @alice and @Bob!", MentionsPlain, "hi ＠alice and ＠Bob!"},
		{"fediverse matched", "hi @Alice.", MentionsFediverse, "hi @alice@social.example."},
		{"fediverse unmatched stays plain", "hi @bob @carol", MentionsFediverse, "hi ＠bob ＠carol"},
		{"email untouched", "mail me@example.org", MentionsPlain, "mail me@example.org"},
		{"url untouched", "see https://medium.com/@alice/post", MentionsPlain, "see https://medium.com/@alice/post"},
		{"at start", "@alice hello", MentionsPlain, "＠alice hello"},
		{"fedi handle left alone", "ping @alice@social.example", MentionsPlain, "ping @alice@social.example"},
		{"too long name", "@abcdefghijklmnopq", MentionsPlain, "@abcdefghijklmnopq"},
		{"lone at", "at @ noon", MentionsPlain, "at @ noon"},
		{"after paren", "(@alice)", MentionsPlain, "(＠alice)"},
		{"no at", "plain text", MentionsPlain, "plain text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rewriteMentions(tt.in, tt.policy, handles); got != tt.want {
				t.Errorf("rewriteMentions(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func mastodonCounter(maxChars int) CharCounter {
	p := mastodon.ServerProfile{Software: mastodon.SoftwareMastodon, Limits: mastodon.ServerLimits{MaxCharacters: maxChars, CharactersPerURL: 23}}
	return func(s string) int { return mastodon.CountChars(p, s) }
}

func gtsCounter() CharCounter {
	p := mastodon.ServerProfile{Software: mastodon.SoftwareGoToSocial}
	return func(s string) int { return mastodon.CountChars(p, s) }
}

func markers(foot string) func(i, n int) string {
	return func(i, n int) string { return postSuffix(i, n, foot) }
}

func TestSplitText(t *testing.T) {
	count := mastodonCounter(500)
	long := strings.Repeat("word ", 150) // 750 characters
	sentences := strings.Repeat("This is a sentence of some length. ", 20)
	url := "https://example.org/" + strings.Repeat("a", 600)
	tests := []struct {
		name    string
		body    string
		limit   int
		count   CharCounter
		segs    int
		endWith string // the first segment's text (before the marker) ends with this
	}{
		{"fits", "short text", 500, count, 1, "short text"},
		{"words", long, 500, count, 2, "word"},
		{"sentences", sentences, 500, count, 2, "length."},
		{"url counts 23 on mastodon", url + " " + long[:400], 500, count, 1, ""},
		{"url full length on gts is cut", url, 500, gtsCounter(), 2, ""},
		{"many segments", strings.Repeat("abc ", 1000), 100, count, 44, "abc"},
		{"no spaces", strings.Repeat("x", 1200), 500, count, 3, "x"},
		{"emoji graphemes", strings.Repeat("👍🏽 ", 400), 500, count, 2, "👍🏽"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, err := splitText(tt.body, tt.limit, tt.count, markers(""))
			if err != nil {
				t.Fatal(err)
			}
			if len(segs) != tt.segs {
				t.Fatalf("got %d segments, want %d: %q", len(segs), tt.segs, segs)
			}
			checkSegments(t, tt.body, segs, tt.limit, tt.count, "")
			if tt.endWith != "" && !strings.HasSuffix(segs[0], tt.endWith) {
				t.Errorf("first segment %q does not end with %q", segs[0], tt.endWith)
			}
		})
	}
}

func TestSplitTextFooterAndNoRoom(t *testing.T) {
	count := mastodonCounter(100)
	foot := "Originally on Twitter, 2015-03-01: https://twitter.com/me/status/1"
	body := strings.Repeat("lorem ipsum ", 30)
	segs, err := splitText(body, 100, count, markers(foot))
	if err != nil {
		t.Fatal(err)
	}
	checkSegments(t, body, segs, 100, count, foot)
	if _, err := splitText(body, 5, count, markers(foot)); err == nil {
		t.Error("a limit smaller than the footer gave no error")
	}
}

// checkSegments asserts that no text was lost and every composed post fits.
func checkSegments(t *testing.T, body string, segs []string, limit int, count CharCounter, foot string) {
	t.Helper()
	if got, want := strings.Join(strings.Fields(strings.Join(segs, "")), ""), strings.Join(strings.Fields(body), ""); got != want {
		t.Errorf("segments lost text:\n got %q\nwant %q", got, want)
	}
	checkGraphemeCuts(t, segs)
	for i, s := range segs {
		post := composePost(s, i, len(segs), foot)
		if n := count(post); n > limit {
			t.Errorf("segment %d counts %d > %d: %q", i, n, limit, post)
		}
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add("Hello world. This is a test of splitting!", 20)
	f.Add(strings.Repeat("ab ", 300), 50)
	f.Add("https://example.org/"+strings.Repeat("z", 80)+" tail", 30)
	f.Add("e\u0301\u0301\u0301 👨‍👩‍👧 \n\n para", 12)
	f.Fuzz(func(t *testing.T, body string, limit int) {
		if !utf8.ValidString(body) || len(body) > 4000 {
			return
		}
		limit = 60 + abs(limit)%600
		count := mastodonCounter(limit)
		segs, err := splitText(body, limit, count, markers(""))
		if err != nil {
			return // e.g. a grapheme cluster longer than the limit
		}
		checkSegments(t, body, segs, limit, count, "")
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n {
			return 0
		}
		return -n
	}
	return n
}

func TestFooter(t *testing.T) {
	f, err := parseFooter(DefaultFooter)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.render(FooterData{Date: "2015-03-01", URL: tweetURL("me", "42")})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Originally on Twitter, 2015-03-01: https://twitter.com/me/status/42"; got != want {
		t.Errorf("footer = %q, want %q", got, want)
	}
	if _, err := parseFooter("{{.Nope}}"); err == nil {
		t.Error("a template using a missing field was accepted")
	}
	if _, err := parseFooter("{{"); err == nil {
		t.Error("a broken template was accepted")
	}
	if f, err := parseFooter("  "); err != nil || f.tmpl != nil {
		t.Errorf("blank template: %v, %v", f.tmpl, err)
	}
}

// FuzzQuickCounter checks that the planner's cheap bound never changes a
// fits/does-not-fit decision of the exact count.
func FuzzQuickCounter(f *testing.F) {
	f.Add("short", 500, 23)
	f.Add("see http://a.b http://c.d "+strings.Repeat("x", 450), 500, 23)
	f.Add("https://example.org/"+strings.Repeat("é", 30), 40, 25)
	f.Fuzz(func(t *testing.T, s string, limit, perURL int) {
		if !utf8.ValidString(s) {
			return
		}
		limit, perURL = 1+abs(limit)%1000, 1+abs(perURL)%40
		for _, exact := range []CharCounter{mastodonCounterURL(perURL), gtsCounter()} {
			quick := quickCounter(exact, limit, perURL)
			if (quick(s) <= limit) != (exact(s) <= limit) {
				t.Errorf("limit %d, perURL %d: quick %d, exact %d for %q", limit, perURL, quick(s), exact(s), s)
			}
		}
	})
}

func mastodonCounterURL(perURL int) CharCounter {
	p := mastodon.ServerProfile{Software: mastodon.SoftwareMastodon, Limits: mastodon.ServerLimits{CharactersPerURL: perURL}}
	return func(s string) int { return mastodon.CountChars(p, s) }
}
