package archive

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestApplyEdits(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		edits []edit
		want  string
	}{
		{"none", "plain", nil, "plain"},
		{"url after escape", "a &amp; b https://t.co/x",
			[]edit{{start: 10, end: 24, old: "https://t.co/x", repl: "https://example.org"}},
			"a &amp; b https://example.org"},
		{"code points not bytes", "😀😀 https://t.co/x end",
			[]edit{{start: 3, end: 17, old: "https://t.co/x", repl: "E"}},
			"😀😀 E end"},
		{"removal at end", "pic https://t.co/m",
			[]edit{{start: 4, end: 18, old: "https://t.co/m"}},
			"pic"},
		{"removal in the middle", "pic https://t.co/m and more",
			[]edit{{start: 4, end: 18, old: "https://t.co/m"}},
			"pic and more"},
		{"removal alone", "https://t.co/m",
			[]edit{{start: 0, end: 14, old: "https://t.co/m"}},
			""},
		{"unsorted edits", "https://t.co/a and https://t.co/b",
			[]edit{{start: 19, end: 33, old: "https://t.co/b", repl: "B"}, {start: 0, end: 14, old: "https://t.co/a", repl: "A"}},
			"A and B"},
		{"wrong indices fall back to search", "see https://t.co/a now",
			[]edit{{start: 0, end: 3, old: "https://t.co/a", repl: "A"}},
			"see A now"},
		{"indices past the end fall back", "see https://t.co/a",
			[]edit{{start: 50, end: 64, old: "https://t.co/a", repl: "A"}},
			"see A"},
		{"unknown text dropped", "nothing here",
			[]edit{{start: 0, end: 4, old: "https://t.co/zz", repl: "X"}},
			"nothing here"},
		{"negative indices", "x https://t.co/a",
			[]edit{{start: -5, end: -1, old: "https://t.co/a", repl: "A"}},
			"x A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := applyEdits(tt.in, tt.edits); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnescapeHTML(t *testing.T) {
	tests := map[string]string{
		"Fish &amp; chips":  "Fish & chips",
		"a &lt;b&gt; c":     "a <b> c",
		"&amp;lt;":          "&lt;", // only one level
		"AT&T & co":         "AT&T & co",
		"&quot;kept&quot;":  "&quot;kept&quot;",
		"no ampersand here": "no ampersand here",
	}
	for in, want := range tests {
		if got := unescapeHTML(in); got != want {
			t.Errorf("unescapeHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsStatusURL(t *testing.T) {
	tests := map[string]bool{
		"https://twitter.com/someone/status/123":       true,
		"https://x.com/someone/status/123?s=20":        true,
		"http://mobile.twitter.com/a/status/1/photo/1": true,
		"https://www.x.com/a/statuses/9":               true,
		"https://twitter.com/i/web/status/123":         true,
		"https://x.com/i/web/status/456?s=20":          true,
		"https://twitter.com/i/web/status/abc":         false,
		"https://twitter.com/i/web/status/":            false,
		"https://twitter.com/i/web/statuses/1":         false,
		"https://twitter.com/someone":                  false,
		"https://example.com/a/status/123":             false,
		"https://twitter.com.evil.example/a/status/1":  false,
		"ftp://twitter.com/a/status/1":                 false,
		"https://twitter.com/a/status/abc":             false,
		"https://twitter.com//status/1":                false,
		"not a url at all with /status in it":          false,
		"https://notx.com/a/status/1":                  false,
	}
	for in, want := range tests {
		if got := isStatusURL(in); got != want {
			t.Errorf("isStatusURL(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestStripLeadingMentions(t *testing.T) {
	tests := []struct{ in, prefix, rest string }{
		{"@a @b_2 hello", "@a @b_2 ", "hello"},
		{"hello @a", "", "hello @a"},
		{"@a, hi", "", "@a, hi"},
		{"@ alone", "", "@ alone"},
		{"@only", "@only", ""},
	}
	for _, tt := range tests {
		p, r := stripLeadingMentions(tt.in)
		if p != tt.prefix || r != tt.rest {
			t.Errorf("stripLeadingMentions(%q) = %q, %q; want %q, %q", tt.in, p, r, tt.prefix, tt.rest)
		}
	}
}

func TestTruncatedBody(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Long text that was cut…", "Long text that was cut", true},
		{"@a @b Long text &amp; more… https://t.co/q", "@a @b Long text & more", true},
		{"cut… https://t.co/a http://t.co/b ", "cut", true},
		{"text https://t.co/abc… https://t.co/q", "text https://t.co/abc", true},
		{"an ordinary tweet", "", false},
		{"https://t.co/only", "", false},
		{"…", "", false},
	}
	for _, tt := range tests {
		got, ok := truncatedBody(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("truncatedBody(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStripOneMention(t *testing.T) {
	tests := map[string]string{
		"@a @b text": "@b text",
		"@b text":    "text",
		"text @a":    "text @a",
		"@a":         "",
	}
	for in, want := range tests {
		if got := stripOneMention(in); got != want {
			t.Errorf("stripOneMention(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"Thu Mar 05 17:05:22 +0000 2026", time.Date(2026, 3, 5, 17, 5, 22, 0, time.UTC), false},
		{"2026-03-06T13:15:31.187Z", time.Date(2026, 3, 6, 13, 15, 31, 187e6, time.UTC), false},
		{"2015-03-30T10:38:02Z", time.Date(2015, 3, 30, 10, 38, 2, 0, time.UTC), false},
		{"2017-05-13 00:06:47 +0000", time.Date(2017, 5, 13, 0, 6, 47, 0, time.UTC), false},
		{"2017-05-13 02:06:47 +0200", time.Date(2017, 5, 13, 0, 6, 47, 0, time.UTC), false},
		{"1534138567670", time.UnixMilli(1534138567670).UTC(), false},
		{"1346920000", time.Unix(1346920000, 0).UTC(), false},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, true},
		{"99999999999999999999999", time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in)
		if (err != nil) != tt.err || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestMatchDataFile(t *testing.T) {
	names := []string{"tweets", "tweet"}
	tests := []struct {
		in   string
		part int
		ok   bool
	}{
		{"tweets.js", 0, true},
		{"tweet.js", 0, true},
		{"tweets-part1.js", 1, true},
		{"tweets-part10.js", 10, true},
		{"tweet-part2.js", 2, true},
		{"tweets-partx.js", 0, false},
		{"tweet-headers.js", 0, false},
		{"tweets.json", 0, false},
		{"note-tweet.js", 0, false},
	}
	for _, tt := range tests {
		part, ok := matchDataFile(tt.in, names)
		if part != tt.part || ok != tt.ok {
			t.Errorf("matchDataFile(%q) = %d, %v; want %d, %v", tt.in, part, ok, tt.part, tt.ok)
		}
	}
}

func TestParseRubyDateMatchesTimeParse(t *testing.T) {
	for _, s := range []string{
		"Thu Mar 05 17:05:22 +0000 2026", "Mon Jan 02 15:04:05 -0700 2006", "Sat Feb 29 23:59:59 +0530 2020",
		"Sun Dec 31 00:00:00 -1200 1999", "Wed Feb 30 10:00:00 +0000 2022", "Xyz Mar 05 17:05:22 +0000 2026",
		"Thu Mar 05 17:05:22 Z0000 2026", "Thu Mar 05 24:05:22 +0000 2026", "ThuXMar 05 17:05:22 +0000 2026", "unM Mar 05 17:05:22 +0000 2026",
	} {
		want, werr := time.Parse(time.RubyDate, s)
		got, err := parseDate(s)
		if (werr != nil) != (err != nil) || werr == nil && !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v; time.Parse gives %v, %v", s, got, err, want, werr)
		}
	}
}

func TestNoteMatch(t *testing.T) {
	const tweetID = 1800000000000000000
	notes := noteIndex{
		{id: tweetID - 2000<<22, raw: "Too early to be this tweet's note, with the same start"},
		{id: tweetID - 40<<22, raw: "@pal Reply whose note keeps its own leading mention", text: "@pal Reply whose note keeps its own leading mention"},
		{id: tweetID - 30<<22, raw: "@friend Note that starts with a mention and goes on", text: "@friend Note that starts with a mention and goes on"},
		{id: tweetID - 20<<22, raw: "Another long post in the same second", text: "Another long post in the same second"},
	}
	// Real tweets and their notes carry different t.co codes for the
	// same link (2 of 41 long posts in one real archive stayed cut).
	linked := noteIndex{
		{id: tweetID - 25<<22, raw: "Read https://t.co/NOTE111111 and then\n\nthe rest of it https://t.co/NOTE222222 goes on", text: "Read https://example.org/a and then\n\nthe rest of it https://example.org/b goes on"},
		{id: tweetID - 15<<22, raw: "Unrelated long post in the window", text: "Unrelated long post in the window"},
	}
	for _, tt := range []struct {
		raw    string
		want   int
		orphan bool
	}{
		{"Read https://t.co/TWEET11111 and then the rest…", 0, false},
		{"Read https://t.co/TWEET11111 and then\n\nthe rest of it https://t.co/TWEET2…", 0, false},
		{"Read https://t.co/TWEET11111 and then\n\nthe rest of it https://t.…", 0, false},
		{"Read https://t.co/TWEET11111 and then the rest… https://t.co/QUOTE33333", 0, false},
		{"Read https://t.co/TWEET11111 and then a different text…", -1, true},
		{"Not cut at all https://t.co/TWEET11111", -1, false},
	} {
		got, _, orphan := linked.match(&Tweet{ID: tweetID, RawText: tt.raw})
		if tt.want < 0 && got != nil || tt.want >= 0 && got != &linked[tt.want] || orphan != tt.orphan {
			t.Errorf("match(%q) = %+v, orphan %v; want note %d, orphan %v", tt.raw, got, orphan, tt.want, tt.orphan)
		}
	}

	tests := []struct {
		raw    string
		want   int // index into notes, -1 for none
		joined string
	}{
		{"@friend Note that starts with a mention…", 2, "@friend Note that starts with a mention and goes on"},
		{"@me @pal Reply whose note keeps…", 1, "@me @pal Reply whose note keeps its own leading mention"},
		{"Another long post… https://t.co/x", 3, "Another long post in the same second"},
		{"Too early to be…", -1, ""},
		{"Another long post in the same second", -1, ""}, // not truncated
	}
	for _, tt := range tests {
		tw := &Tweet{ID: tweetID, RawText: tt.raw}
		got, prefix, _ := notes.match(tw)
		if tt.want < 0 && got != nil || tt.want >= 0 && got != &notes[tt.want] {
			t.Errorf("match(%q) = %+v, want note %d", tt.raw, got, tt.want)
		}
		if got != nil {
			got.join(tw, prefix)
			if tw.Text != tt.joined || !tw.Long {
				t.Errorf("joined text %q, want %q", tw.Text, tt.joined)
			}
		}
	}
}

// FuzzNoteMatch: joining a note never panics, a tweet is never both
// joined and flagged cut, and a tweet cut from a note whose links were
// given other t.co codes always finds it.
func FuzzNoteMatch(f *testing.F) {
	f.Add("Read https://t.co/NOTE111111 and then the rest of it goes on and on", 30, "@pal ")
	f.Add("今日は https://t.co/abcdefghij 天気がいいですね。明日も", 12, "")
	f.Add("@x @y text", 4, "@me ")
	f.Fuzz(func(t *testing.T, noteRaw string, cut int, reply string) {
		if !utf8.ValidString(noteRaw) || !utf8.ValidString(reply) || strings.ContainsAny(noteRaw+reply, "&<>\x00") {
			return
		}
		if reply != "" && !strings.HasSuffix(reply, " ") {
			reply += " " // a reply prefix ends with a space
		}
		const tweetID = 1800000000000000000
		ns := noteIndex{{id: tweetID - 20<<22, raw: noteRaw, text: noteRaw}}
		runes := []rune(noteRaw)
		if cut < 0 {
			cut = -cut
		}
		if len(runes) == 0 {
			return
		}
		cut %= len(runes)
		// The tweet: the reply prefix, the note cut at a space, its links
		// given other codes, then "…".
		for cut > 0 && runes[cut] != ' ' {
			cut--
		}
		head := string(runes[:cut])
		for _, l := range tcoLinks(head) {
			code := head[l[0]:l[1]]
			head = strings.Replace(head, code, code[:len(code)-1]+"Z", 1)
		}
		tw := &Tweet{ID: tweetID, RawText: reply + head + "…"}
		n, prefix, orphan := ns.match(tw)
		if n != nil && orphan {
			t.Fatal("joined and flagged cut at once")
		}
		if n != nil {
			n.join(tw, prefix)
			if !strings.HasPrefix(tw.Text, prefix) || !tw.Long {
				t.Fatalf("joined text %q lacks prefix %q", tw.Text, prefix)
			}
		}
		_, rest := stripLeadingMentions(reply)
		body := strings.TrimSpace(head)
		if rest == "" && !strings.HasPrefix(strings.TrimLeft(noteRaw, " \t\n"), "@") && body != "" && !strings.HasSuffix(body, "http") && n == nil && strings.TrimSpace(neutralLinks(body)) != "" {
			t.Fatalf("tweet %q cut from note %q did not match it", tw.RawText, noteRaw)
		}
	})
}
