package mastotest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCountMastodon(t *testing.T) {
	longURL := "https://example.com/" + strings.Repeat("a", 80) // 100 characters
	if len(longURL) != 100 {
		t.Fatalf("test URL is %d chars", len(longURL))
	}
	tests := []struct {
		name string
		text string
		want int
	}{
		{"empty", "", 0},
		{"ascii", "hello", 5},
		{"emoji ZWJ family is one grapheme", "👨‍👩‍👧‍👦", 1},
		{"flag is one grapheme", "🇫🇷", 1},
		{"combining accent", "e\u0301", 1},
		{"100-char URL counts 23", longURL, 23},
		{"short URL also counts 23", "http://a.co", 23},
		{"URL in sentence", "see " + longURL + " now", 4 + 23 + 4},
		{"trailing period is not URL", "go to https://example.com.", 6 + 23 + 1},
		{"parenthesised URL", "(https://example.com/x)", 1 + 23 + 1},
		{"balanced parens kept", "https://en.wikipedia.org/wiki/Go_(language)", 23},
		{"two URLs", "https://a.example https://b.example", 23 + 1 + 23},
		{"no host dot is not a URL", "http://localhost", 16},
		{"scheme inside word is not a URL", "xhttps://example.com", 20},
		{"remote mention counts as local part", "@bob@example.social", 4},
		{"local mention unchanged", "@bob", 4},
		{"mention after text", "hi @bob@example.social!", 3 + 4 + 1},
		{"email is not a mention", "mail bob@example.social", 23},
		{"mention inside URL path", "https://example.social/@bob@x.y", 23},
		{"uppercase scheme", "HTTPS://EXAMPLE.COM/A", 23},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CountMastodon(tt.text, 23); got != tt.want {
				t.Errorf("CountMastodon(%q) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}

func TestCountGoToSocial(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"hello", 5},
		{"👨‍👩‍👧‍👦", 7}, // four people and three zero-width joiners
		{"https://example.com/" + strings.Repeat("a", 80), 100},
		{"@bob@example.social", 19},
	}
	for _, tt := range tests {
		if got := CountGoToSocial(tt.text); got != tt.want {
			t.Errorf("CountGoToSocial(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestURLLengthFollowsConfig(t *testing.T) {
	if got := CountMastodon("https://example.com/abc", 25); got != 25 {
		t.Errorf("got %d, want 25", got)
	}
}

// FuzzCountMastodon checks that counting never panics and never exceeds
// the raw length by more than the URL allowance.
func FuzzCountMastodon(f *testing.F) {
	for _, seed := range []string{
		"", "hello", "👨‍👩‍👧‍👦", "https://example.com/x", "@bob@example.social", "(https://a.b/c))", "http://", "https://.",
		"xhttps://a.b", "@@a@b", "https://a.b/@c@d.e", "\xff\xfe", "https://-a.b",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := CountMastodon(s, 23)
		if n < 0 {
			t.Fatalf("negative count %d", n)
		}
		urls := strings.Count(strings.ToLower(s), "http")
		if n > utf8.RuneCountInString(s)+23*urls {
			t.Fatalf("count %d exceeds runes %d plus %d URLs", n, utf8.RuneCountInString(s), urls)
		}
	})
}
