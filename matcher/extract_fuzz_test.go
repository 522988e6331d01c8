package matcher

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// hostileTexts are inputs built to make a careless scanner quadratic or
// make it panic: long runs of the characters every rule keys on, about n
// bytes each.
func hostileTexts(n int) map[string]string {
	return map[string]string{
		"ats":             strings.Repeat("@", n),
		"at-letter":       strings.Repeat("@a", n/2),
		"letter-at-dot":   strings.Repeat("a@b.", n/4),
		"long user":       strings.Repeat("a", n) + "@mastodon.social",
		"long domain":     "@a@" + strings.Repeat("b.", n/2) + "social",
		"slashes":         strings.Repeat("/@", n/2),
		"url path":        "https://mastodon.social/" + strings.Repeat("@a/", n/3),
		"dots":            strings.Repeat(".", n),
		"brackets":        strings.Repeat("[at]", n/4),
		"spaced at":       strings.Repeat("a @ ", n/4),
		"word at":         strings.Repeat("a at ", n/5),
		"on":              strings.Repeat("@a on ", n/6),
		"middle dots":     strings.Repeat("a·", n/3),
		"fullwidth":       strings.Repeat("＠ａ", n/6),
		"zero width":      strings.Repeat("@\u200b", n/4),
		"bidi":            strings.Repeat("\u202e@a@b.social", n/16),
		"ellipses":        strings.Repeat("a/@b…", n/7),
		"acct chain":      strings.Repeat("acct:", n/5) + "a@b.social",
		"many handles":    strings.Repeat("@a@mastodon.social ", n/20),
		"many urls":       strings.Repeat("mas.to/@a ", n/10),
		"invalid utf8":    strings.Repeat("\xff@\xfe", n/3),
		"open brackets":   strings.Repeat("(", n),
		"credit phrases":  strings.Repeat("pfp by ", n/7) + "@a@mas.to",
		"email phrases":   strings.Repeat("email ", n/6) + "a@mas.to",
		"colon run":       strings.Repeat("a:", n/2) + "@b.social",
		"t.co entity run": strings.Repeat("https://t.co/x ", n/15),
		"idn run":         "@a@пример." + strings.Repeat("ж", n/2),
		"idn ats":         strings.Repeat("a@ж.рф", n/11),
		"idn glued":       strings.Repeat("@a@mas.to的", n/13),
		"idn url run":     "https://" + strings.Repeat("ü", n/2) + "/@a",
		"idn mixed":       strings.Repeat("pаypal.", n/8) + "com/@a",
		"idn cuts":        strings.Repeat("@a@x.ü", n/7),
		"bsky suffixes":   strings.Repeat(".bsky.social", n/12),
		"bsky dot runs":   strings.Repeat(".bsky.social.", n/13),
		"bsky handles":    strings.Repeat("@a.bsky.social ", n/15),
		"bsky labels":     strings.Repeat("a.", n/2) + "bsky.social",
		"communities":     strings.Repeat("!a@lemmy.world ", n/15),
		"bang ats":        strings.Repeat("!@", n/2),
		"threads urls":    strings.Repeat("threads.net/@a ", n/15),
	}
}

// TestExtractHostile runs every hostile text through every field. It
// asserts no timing (benchmarks report that); it checks that extraction
// finishes, does not panic and returns only valid handles.
func TestExtractHostile(t *testing.T) {
	for name, text := range hostileTexts(10 << 10) {
		t.Run(name, func(t *testing.T) {
			p := &profiles.Profile{Name: text, Description: text, Location: text, URL: text, PinnedText: text,
				DescriptionURLs: []profiles.URLEntity{{URL: "https://t.co/x", ExpandedURL: "https://mas.to/@a", Start: 1 << 30, End: 1<<30 + 5}}}
			cands, comms := ExtractAll(p)
			for _, c := range cands {
				checkCandidate(t, c, utf8.ValidString(text))
			}
			checkCommunities(t, comms)
		})
	}
}

// checkCandidate holds the invariants every candidate must keep.
func checkCandidate(t *testing.T, c Candidate, validInput bool) {
	t.Helper()
	u, d, ok := SplitHandle(c.Handle)
	if !ok {
		t.Fatalf("invalid handle %q", c.Handle)
	}
	if !isASCII(c.Handle) {
		t.Fatalf("handle %q is not ASCII (domains are reported in punycode)", c.Handle)
	}
	if h, _ := CanonicalHandle(u, d); h != c.Handle {
		t.Fatalf("handle %q is not canonical (%q)", c.Handle, h)
	}
	if c.Confidence <= DropFloor || c.Confidence > 1 {
		t.Fatalf("%s: confidence %v out of range", c.Handle, c.Confidence)
	}
	if c.Evidence == "" {
		t.Fatalf("%s: no evidence", c.Handle)
	}
	if validInput && !utf8.ValidString(c.Evidence) {
		t.Fatalf("%s: evidence %q cut inside a character", c.Handle, c.Evidence)
	}
	if len(c.Evidence) > 2*evidenceSpan+evidenceMatch+4 {
		t.Fatalf("%s: evidence of %d bytes", c.Handle, len(c.Evidence))
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("@alice@mastodon.social", "https://mastodon.social/@alice", "https://t.co/abc", "https://fosstodon.org/@alice")
	f.Add("alice [at] mastodon [dot] social", "", "", "")
	f.Add("pfp by @artist@mastodon.art | me: @me@mas.to", "lemmy.world/u/a@beehaw.org", "", "")
	f.Add("＠ａｌｉｃｅ＠mastodon．social \u200b\u202e", "mailto:a@b.c git@github.com:x/y", "", "")
	f.Add("@alice on hachyderm.io · acct:bob@mas.to", "pixelfed.social/bob", "https://t.co/x", "")
	f.Add("https://fed.brid.gy/web/example.com @x.bsky.social@bsky.brid.gy", "", "", "")
	f.Add("mastodon.social/@alic…", "@a@b.c…", "…", "https://t.co/…")
	f.Add("@alice@bücher.example.de 🐘 alice@пример.рф", "@a@mas.to、", "https://t.co/idn", "https://bücher.example.de/@alice")
	f.Add("@alice@mastodon.social的 https://mastodon.social/@alice。次", "詳しくはmastodon.social/@bob", "", "https://пример.рф/@alice次")
	f.Add("@alice@pаypal.com @b@сосо.com", "@c@mastodon.café", "https://t.co/x", "https://pаypal.com/@alice")
	f.Add("@alice@例え.中国 @bob@mastodon.socialครับ", "@c@пример.рфсайт", "", "")
	f.Add("🦋 @a.bsky.social x.BSKY.social. !rust@lemmy.world", "threads.com/@a", "https://t.co/b", "https://bsky.app/profile/a.example")
	f.Add("pfp by @b.bsky.social | work: @c@mas.to", "lemmy.world/c/x@beehaw.org", "", "https://tube.example/c/x")
	for _, text := range hostileTexts(10 << 10) {
		f.Add(text, "", "", "")
	}
	f.Fuzz(func(t *testing.T, bio, loc, tco, expanded string) {
		p := &profiles.Profile{
			ScreenName:      "alice",
			Name:            loc,
			Description:     bio + " " + tco,
			Location:        loc,
			URL:             tco,
			PinnedText:      bio,
			DescriptionURLs: []profiles.URLEntity{{URL: tco, ExpandedURL: expanded, Start: len(bio) + 1, End: len(bio) + 1 + len(tco)}},
			URLURLs:         []profiles.URLEntity{{URL: tco, ExpandedURL: expanded}},
		}
		cands, comms := ExtractAll(p)
		// Each field on its own: two invalid halves ("\xdf", "\xb5") can
		// make a valid character when joined, yet the extractor reads the
		// fields apart.
		valid := utf8.ValidString(bio) && utf8.ValidString(loc) && utf8.ValidString(tco) && utf8.ValidString(expanded)
		seen := map[string]bool{}
		for i, c := range cands {
			checkCandidate(t, c, valid)
			k := strings.ToLower(c.Handle)
			if seen[k] {
				t.Fatalf("duplicate handle %s", c.Handle)
			}
			seen[k] = true
			if i > 0 && cands[i-1].Confidence < c.Confidence {
				t.Fatalf("not sorted best first: %v", cands)
			}
		}
		for _, c := range Accepted(cands) {
			if c.Confidence <= AcceptThreshold {
				t.Fatalf("accepted %s at %v", c.Handle, c.Confidence)
			}
			if isProbeForm(c.Form) {
				t.Fatalf("%s (%s) accepted offline", c.Handle, c.Form)
			}
		}
		checkCommunities(t, comms)
	})
}

// checkCommunities holds the invariants of ExtractAll's communities.
func checkCommunities(t *testing.T, comms []string) {
	t.Helper()
	if len(comms) > maxCommunities {
		t.Fatalf("%d communities", len(comms))
	}
	for i, c := range comms {
		name, ok := strings.CutPrefix(c, "!")
		if _, _, valid := SplitHandle(name); !ok || !valid || c != strings.ToLower(c) {
			t.Fatalf("community %q is not !name@host in lower case", c)
		}
		if slices.Contains(comms[:i], c) {
			t.Fatalf("community %q twice", c)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("＠alice＠mastodon．social")
	f.Add("@𝗮𝗹𝗶𝗰𝗲@mas.to")
	f.Add("\u202e@a\u200b@b\u2066.social\u2069")
	f.Add("mastodon.social/@alic…")
	f.Add("\xff\xfe@")
	f.Add("e\u0301\u200b\u0301")
	f.Add("＠alice＠bücher．example．de")
	f.Add("@alice@пример.рф。次")
	f.Add("https://例え.中国/@alice")
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if strings.ContainsFunc(n, isInvisible) {
			t.Fatalf("Normalize(%q) = %q keeps an invisible character", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize is not idempotent: %q → %q → %q", s, n, again)
		}
		if strings.Count(n, ellipsis) < strings.Count(s, ellipsis) {
			t.Fatalf("Normalize(%q) = %q lost an ellipsis", s, n)
		}
	})
}

func FuzzSplitHandle(f *testing.F) {
	f.Add("@alice@mastodon.social")
	f.Add("alice@Mastodon.Social")
	f.Add("@a@b")
	f.Add("@x.bsky.social@bsky.brid.gy")
	f.Add("@a@bücher.example")
	f.Add("@alice@пример.рф")
	f.Add("alice@例え.中国")
	f.Add("@alice@pаypal.com")
	f.Add("@alice@BÜCHER.example.de")
	f.Fuzz(func(t *testing.T, h string) {
		u, d, ok := SplitHandle(h)
		if !ok {
			return
		}
		c, ok := CanonicalHandle(u, d)
		if !ok {
			t.Fatalf("SplitHandle(%q) = %q, %q but CanonicalHandle rejects them", h, u, d)
		}
		u2, d2, ok := SplitHandle(c)
		if !ok || u2 != u || d2 != d {
			t.Fatalf("round trip %q → %q → %q %q %v", h, c, u2, d2, ok)
		}
	})
}

// FuzzExtractGlued appends arbitrary text that starts with a letter of a
// script written without spaces (CJK, Thai, Arabic, …) to an ASCII handle
// and to an ASCII profile URL: the handle must still be found exactly,
// however the Unicode-domain rules treat what follows.
func FuzzExtractGlued(f *testing.F) {
	for _, s := range []string{"的", "です", "。次", "ครับ", "مرحبا", "입니다", "的朋友.com", "的@bob", "です:x",
		"的/@x", "次.中国", "ｱｶｳﾝﾄ", "丨", "的 @c@mas.to", "的…"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, suffix string) {
		r, _ := utf8.DecodeRuneInString(Normalize(suffix))
		switch scriptOf(r) {
		case scriptCommon, scriptLatin, scriptCyrillic, scriptGreek, scriptOther:
			return // not prose glued without a space
		}
		for _, text := range []string{"@alice@mastodon.social" + suffix, "https://mastodon.social/@alice" + suffix} {
			found := slices.ContainsFunc(acceptedHandles(&profiles.Profile{Description: text}), func(h string) bool {
				return strings.EqualFold(h, "@alice@mastodon.social") // the suffix may repeat it in capitals
			})
			if !found {
				t.Fatalf("%q: @alice@mastodon.social not accepted; candidates %+v", text, Extract(&profiles.Profile{Description: text}))
			}
		}
	})
}
