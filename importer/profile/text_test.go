package profile

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

func TestProfileTextLen(t *testing.T) {
	tests := []struct {
		text   string
		perURL int
		want   int
	}{
		{"hello", 23, 5},
		{"see https://example.org/a/very/long/path/indeed", 23, 4 + 23},
		{"see https://example.org/a/very/long/path/indeed", 0, 47},
		{"👩‍👩‍👧 family", 23, 8},                // one grapheme cluster on Mastodon
		{"👩‍👩‍👧 family", 0, 12},                // five code points on GoToSocial
		{"x https://a.b. end", 23, 2 + 23 + 5}, // trailing dot is not part of the URL
		{"nohttps://a.b", 23, 13},              // not a URL after a word character
		{"", 23, 0},
	}
	for _, tt := range tests {
		if got := profileTextLen(tt.text, tt.perURL); got != tt.want {
			t.Errorf("profileTextLen(%q, %d) = %d, want %d", tt.text, tt.perURL, got, tt.want)
		}
	}
}

func TestTruncateProfileText(t *testing.T) {
	tests := []struct {
		text  string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"one two three four", 12, "one two…"},
		{"abcdefghijklmnop", 6, "abcde…"},
		{"👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧", 3, "👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧"},
		{"👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧", 2, "👩‍👩‍👧…"},
		{"read https://example.org/long/path and more words here", 30, "read https://example.org/long/path…"},
		{"anything", 1, ""},
	}
	for _, tt := range tests {
		got := truncateProfileText(tt.text, tt.limit, 23)
		if got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
		}
		if profileTextLen(got, 23) > tt.limit {
			t.Errorf("truncate(%q, %d) = %q is over the limit", tt.text, tt.limit, got)
		}
	}
}

func TestExpandTCo(t *testing.T) {
	exp := tcoExpansions(&profiles.Profile{
		DescriptionURLs: []profiles.URLEntity{
			{URL: "https://t.co/AAA", ExpandedURL: "https://one.example"},
			{URL: "https://t.co/loop", ExpandedURL: "https://t.co/other"}, // never expand to another t.co
			{URL: "https://t.co/none"},
		},
		URLURLs: []profiles.URLEntity{{URL: "http://T.CO/BBB", ExpandedURL: "https://two.example/"}},
	})
	tests := []struct {
		in, want string
		left     []string
	}{
		{"a https://t.co/AAA b", "a https://one.example b", nil},
		{"(https://t.co/BBB).", "(https://two.example/).", nil},
		{"https://t.co/aaa is another code", "https://t.co/aaa is another code", []string{"https://t.co/aaa"}},
		{"https://t.co/loop https://t.co/none", "https://t.co/loop https://t.co/none", []string{"https://t.co/loop", "https://t.co/none"}},
		{"no links", "no links", nil},
		{"https://example.org/t.co/AAA", "https://example.org/t.co/AAA", nil},
	}
	for _, tt := range tests {
		got, left := expandTCo(tt.in, exp)
		if got != tt.want || strings.Join(left, " ") != strings.Join(tt.left, " ") {
			t.Errorf("expandTCo(%q) = %q, %q; want %q, %q", tt.in, got, left, tt.want, tt.left)
		}
	}
}

// FuzzProfileText checks the bio helpers on any input: no panic, valid
// UTF-8 kept valid, truncation always within the limit, expansion leaving
// text without t.co links alone.
func FuzzProfileText(f *testing.F) {
	f.Add("Writes about small & bridge. https://t.co/9OPRm9msyA", 20)
	f.Add("👩‍👩‍👧 https://t.co/AAA.", 3)
	f.Add("http://", 1)
	f.Add("http://t.Co", 1)
	f.Add("\xff\xfe https://t.co/\xff", 5)
	f.Add(strings.Repeat("word ", 200), 500)
	exp := map[string]string{"t.co/AAA": "https://one.example"}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit%600 + 1
		if limit < 1 {
			limit = -limit + 1
		}
		for _, per := range []int{0, 23} {
			out := truncateProfileText(s, limit, per)
			if n := profileTextLen(out, per); n > limit {
				t.Fatalf("truncate(%q, %d, %d) = %q counts %d", s, limit, per, out, n)
			}
			if utf8.ValidString(s) && !utf8.ValidString(out) {
				t.Fatalf("truncate made invalid UTF-8 of %q", s)
			}
		}
		got, left := expandTCo(s, exp)
		if !strings.Contains(strings.ToLower(s), "t.co/") && (got != s || len(left) != 0) {
			t.Fatalf("expandTCo changed %q to %q (%q)", s, got, left)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("expandTCo made invalid UTF-8 of %q", s)
		}
	})
}
