package mastodon

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var (
	mastodonProfile = ServerProfile{Software: SoftwareMastodon, Limits: ServerLimits{CharactersPerURL: 23}}
	gtsProfile      = ServerProfile{Software: SoftwareGoToSocial, Limits: ServerLimits{CharactersPerURL: 25}}
	pleromaProfile  = ServerProfile{Software: SoftwarePleroma}
)

func TestCountChars(t *testing.T) {
	long := "https://example.org/" + strings.Repeat("a", 100)
	tests := []struct {
		name    string
		p       ServerProfile
		text    string
		want    int
		wantGTS int
	}{
		{"plain ascii", mastodonProfile, "hello world", 11, 11},
		{"empty", mastodonProfile, "", 0, 0},
		{"long URL counts 23", mastodonProfile, "see " + long, 4 + 23, 4 + len(long)},
		{"short URL counts 23 too", mastodonProfile, "http://a.co", 23, 11},
		{"two URLs", mastodonProfile, "https://a.org https://b.org/x", 23 + 1 + 23, 29},
		{"trailing period outside URL", mastodonProfile, "go to https://a.org/x.", 6 + 23 + 1, 22},
		{"parenthesised URL", mastodonProfile, "(https://a.org/x)", 1 + 23 + 1, 17},
		{"URL with balanced parens", mastodonProfile, "https://en.wikipedia.org/wiki/Go_(language)", 23, 43},
		{"scheme needed", mastodonProfile, "example.org/path", 16, 16},
		{"scheme glued to a word", mastodonProfile, "xhttps://a.org", 14, 14},
		{"no host", mastodonProfile, "https:// x", 10, 10},
		{"remote mention counts as @user", mastodonProfile, "hi @alice@example.social!", 3 + 6 + 1, 25},
		{"local mention as written", mastodonProfile, "hi @alice", 9, 9},
		{"mention inside URL untouched", mastodonProfile, "https://x.org/@a@b.org", 23, 22},
		{"email is not a mention", mastodonProfile, "mail bob@example.org", 20, 20},
		{"mention with dots", mastodonProfile, "@a.b@c-d.example", 4, 16},
		{"emoji family is one grapheme", mastodonProfile, "👨‍👩‍👧", 1, 5},
		{"flag is one grapheme", mastodonProfile, "🇩🇪", 1, 2},
		{"combining accent", mastodonProfile, "e\u0301", 1, 2},
		{"CJK", mastodonProfile, "日本語", 3, 3},
		{"uppercase scheme", mastodonProfile, "HTTPS://A.ORG", 23, 13},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CountChars(tc.p, tc.text); got != tc.want {
				t.Errorf("Mastodon count = %d, want %d", got, tc.want)
			}
			if got := CountChars(gtsProfile, tc.text); got != tc.wantGTS {
				t.Errorf("GoToSocial count = %d, want %d", got, tc.wantGTS)
			}
		})
	}
}

func TestCountCharsOtherSoftware(t *testing.T) {
	text := "👨‍👩‍👧 https://example.org/long/path @a@b.org"
	if got, want := CountChars(pleromaProfile, text), 1+1+29+1+8; got != want {
		t.Errorf("Pleroma count = %d, want %d", got, want)
	}
	// Unknown software and a missing per-URL figure fall back to Mastodon's rule.
	other := ServerProfile{Software: SoftwareOther}
	if got, want := CountChars(other, "https://example.org/long/path"), 23; got != want {
		t.Errorf("other count = %d, want %d", got, want)
	}
}

func FuzzCountChars(f *testing.F) {
	for _, s := range []string{"", "hello", "https://a.org/x.", "@a@b.c", "(http://x.y/(z))", "👨‍👩‍👧 @x@y", "\xff@@http://", "@a.@b", "http://.."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := CountChars(mastodonProfile, s)
		g := CountChars(gtsProfile, s)
		if m < 0 || g != utf8.RuneCountInString(s) {
			t.Fatalf("counts %d/%d for %q", m, g, s)
		}
		// Rewriting only shortens mentions and fixes URLs at 23, so the
		// Mastodon count never exceeds graphemes + 23 per scheme.
		schemes := strings.Count(strings.ToLower(s), "http")
		if m > g+23*schemes {
			t.Fatalf("Mastodon count %d exceeds runes %d + URLs for %q", m, g, s)
		}
	})
}
