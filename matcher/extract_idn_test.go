package matcher

import (
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

const (
	buecher   = "xn--bcher-kva.example.de" // bücher.example.de
	primerRF  = "xn--e1afmkfd.xn--p1ai"    // пример.рф
	exampleCN = "xn--r8jz45g.xn--fiqs8s"   // 例え.中国
)

// TestExtractIDN covers handles and profile URLs on domains written in
// Unicode, and prose glued to ASCII handles, which must keep giving the
// ASCII handle.
func TestExtractIDN(t *testing.T) {
	tests := []struct {
		name string
		bio  string
		want []string
	}{
		{"acct", "@alice@bücher.example.de", []string{"@alice@" + buecher}},
		{"acct in prose", "Tröt: @alice@bücher.example.de!", []string{"@alice@" + buecher}},
		{"acct upper case", "@Alice@BÜCHER.Example.DE", []string{"@Alice@" + buecher}},
		{"acct fullwidth", "＠alice＠bücher．example．de", []string{"@alice@" + buecher}},
		{"acct uri", "acct:alice@bücher.example.de", []string{"@alice@" + buecher}},
		{"acct sentence end", "Ich bin @alice@bücher.example.de.", []string{"@alice@" + buecher}},
		{"acct cyrillic tld", "Пишите: @alice@пример.рф", []string{"@alice@" + primerRF}},
		{"acct chinese tld", "@alice@例え.中国", []string{"@alice@" + exampleCN}},
		{"bare with cue", "🐘 alice@bücher.social", []string{"@alice@xn--bcher-kva.social"}},
		{"bare without cue", "alice@bücher.example.de", nil},
		{"url", "https://bücher.example.de/@alice", []string{"@alice@" + buecher}},
		{"url no scheme", "bücher.example.de/@alice", []string{"@alice@" + buecher}},
		{"url web", "https://bücher.example.de/web/@alice", []string{"@alice@" + buecher}},
		{"url users", "https://bücher.example.de/users/alice mastodon", []string{"@alice@" + buecher}},
		{"url cyrillic", "https://пример.рф/@alice", []string{"@alice@" + primerRF}},
		{"url glued path", "https://bücher.example.de/@alice次", []string{"@alice@" + buecher}},
		{"url after japanese", "詳しくはbücher.example.de/@alice", []string{"@alice@" + buecher}},
		{"obfuscated idn", "alice [at] bücher [dot] social 🐘", []string{"@alice@xn--bcher-kva.social"}},
		{"obfuscated on idn", "I'm @alice on bücher.example.de", []string{"@alice@" + buecher}},
		{"obfuscated at, idn first", "🐘 alice at über.social", nil},
		{"obfuscated on, idn first", "I'm @alice on über.example.de", []string{"@alice@xn--ber-goa.example.de"}},
		{"idn then at", "@a@bücher.de@b", nil},

		// Prose glued to an ASCII handle or URL: exactly the old answer.
		{"acct then chinese", "@alice@mastodon.social的", []string{"@alice@mastodon.social"}},
		{"acct then japanese", "@alice@mastodon.socialです", []string{"@alice@mastodon.social"}},
		{"acct then comma", "@a@mas.to、@b@mas.to", []string{"@a@mas.to", "@b@mas.to"}},
		{"acct then thai", "@alice@mastodon.socialครับ", []string{"@alice@mastodon.social"}},
		{"acct then arabic", "@alice@mastodon.socialمرحبا", []string{"@alice@mastodon.social"}},
		{"acct then russian", "@alice@mastodon.socialпривет", []string{"@alice@mastodon.social"}},
		{"acct then hangul", "@alice@mastodon.social입니다", []string{"@alice@mastodon.social"}},
		{"acct then japanese then at", "@alice@mstdn.jpです@bob", []string{"@alice@mstdn.jp"}},
		{"acct then japanese then colon", "@alice@mstdn.jpです:x", []string{"@alice@mstdn.jp"}},
		{"acct then dot and kanji", "@alice@mas.to.次", []string{"@alice@mas.to"}},
		{"acct, glue, then a dot", "@alice@mastodon.social的朋友.com", []string{"@alice@mastodon.social"}},
		{"idn acct then chinese", "@alice@bücher.example.de的", []string{"@alice@" + buecher}},
		{"cyrillic tld then word", "@alice@пример.рфсайт", []string{"@alice@" + primerRF}},
		{"url then full stop", "https://mastodon.social/@alice。次", []string{"@alice@mastodon.social"}},
		{"url then kanji and ellipsis", "mastodon.social/@alice次…", []string{"@alice@mastodon.social"}},
		{"idn url truncated", "bücher.example.de/@alic…", nil},
		{"url then kanji", "mastodon.social/@alice次", []string{"@alice@mastodon.social"}},
		{"url after japanese, ascii host", "詳しくはmastodon.social/@alice", []string{"@alice@mastodon.social"}},
		{"url after russian, ascii host", "Смотриmastodon.social/@alice", []string{"@alice@mastodon.social"}},
		{"scheme after japanese", "次はhttps://mas.to/@alice", []string{"@alice@mas.to"}},
		{"url in brackets", "「https://mas.to/@alice」", []string{"@alice@mas.to"}},

		// The last label must be a public suffix.
		{"unknown unicode tld", "@alice@mastodon.café", nil},
		{"unknown unicode tld, bare", "🐘 alice@mastodon.café", nil},
		{"unknown unicode tld, url", "https://mastodon.café/@alice", nil},
		{"git remote", "git@bücher.example.de:alice/repo.git", nil},

		// Homographs are never accepted.
		{"mixed script label", "@alice@pаypal.com", nil},
		{"mixed script instance", "@alice@mastodоn.social", nil},
		{"whole-script lookalike", "@alice@сосо.com", nil},
		{"mixed script url", "https://pаypal.com/@alice", nil},
		{"lookalike first letter url", "https://ѕocial.com/@alice", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := acceptedHandles(&profiles.Profile{ScreenName: "someone", Description: tt.bio})
			if !slices.Equal(got, tt.want) {
				t.Errorf("bio %q:\n got %q\nwant %q\nall: %+v", tt.bio, got, tt.want, Extract(&profiles.Profile{Description: tt.bio}))
			}
		})
	}
}

// TestExtractIDNHomograph checks that a homograph is still reported, for
// review, below the acceptance threshold, and that a plain IDN is not.
func TestExtractIDNHomograph(t *testing.T) {
	tests := []struct {
		bio, handle string
		spoof       bool
	}{
		{"@alice@pаypal.com", "@alice@xn--pypal-4ve.com", true},
		{"@alice@mastodоn.social", "@alice@xn--mastodn-fjg.social", true},
		{"@alice@сосо.com", "@alice@xn--n1aahb.com", true},
		{"https://pаypal.com/@alice", "@alice@xn--pypal-4ve.com", true},
		{"@alice@bücher.example.de", "@alice@" + buecher, false},
		{"@alice@пример.рф", "@alice@" + primerRF, false},
		{"@alice@例え.中国", "@alice@" + exampleCN, false},
	}
	for _, tt := range tests {
		t.Run(tt.bio, func(t *testing.T) {
			cands := Extract(&profiles.Profile{Description: tt.bio})
			if len(cands) != 1 || cands[0].Handle != tt.handle {
				t.Fatalf("got %+v, want one candidate %s", cands, tt.handle)
			}
			c := cands[0]
			if tt.spoof && c.Confidence > spoofCap {
				t.Errorf("%s: confidence %v above the homograph cap %v", c.Handle, c.Confidence, spoofCap)
			}
			if !tt.spoof && c.Confidence <= AcceptThreshold {
				t.Errorf("%s: confidence %v, want it accepted", c.Handle, c.Confidence)
			}
			// The evidence shows the domain as it was written.
			if !strings.Contains(c.Evidence, strings.TrimPrefix(strings.TrimPrefix(tt.bio, "https://"), "@alice@")) {
				t.Errorf("evidence %q does not show %q", c.Evidence, tt.bio)
			}
		})
	}
}

func TestInspectLabel(t *testing.T) {
	tests := []struct {
		label       string
		glue, spoof bool
		breaks      int
	}{
		{"bücher", false, false, 0},
		{"пример", false, false, 0},
		{"例え", false, false, 0},
		{"한국어", false, false, 0},
		{"日本語テキスト", false, false, 0},
		{"social的", true, false, 1},
		{"socialです", true, false, 1},
		{"pаypal", false, true, 2},
		{"сосо", false, true, 0},
		{"смотриmastodon", false, true, 1},
		{"abc-123", false, false, 0},
		{"ab-ц", false, true, 1},
	}
	for _, tt := range tests {
		li := inspectLabel(tt.label)
		if li.glue != tt.glue || li.spoof != tt.spoof || li.breaks != tt.breaks {
			t.Errorf("inspectLabel(%q) = %+v, want glue %v spoof %v breaks %d", tt.label, li, tt.glue, tt.spoof, tt.breaks)
		}
	}
}

func TestHostStart(t *testing.T) {
	tests := []struct {
		host, want string
	}{
		{"bücher.example.de", "bücher.example.de"},
		{"詳しくはmastodon.social", "mastodon.social"},
		{"詳しくはbücher.example.de", "bücher.example.de"},
		{"смотриmastodon.social", "mastodon.social"},
		{"pаypal.com", "pаypal.com"},
		{"ѕocial.com", "ѕocial.com"},
		{"mastodon.social", "mastodon.social"},
	}
	for _, tt := range tests {
		if got := tt.host[hostStart(tt.host):]; got != tt.want {
			t.Errorf("hostStart(%q) leaves %q, want %q", tt.host, got, tt.want)
		}
	}
}

// TestIDNDomainEndBounded feeds very long runs of letters after a
// Unicode domain: the back-off only looks at the first 253 bytes (no
// domain is longer) and skips cuts whose last label is longer than any
// top-level domain, so it still finds the domain before the glued word.
func TestIDNDomainEndBounded(t *testing.T) {
	text := "@a@пример." + strings.Repeat("ж", 5000)
	if end, _, _, ok := idnDomainEnd(text, 3, len(text)); ok {
		t.Fatalf("idnDomainEnd found %q", text[3:end])
	}
	text = "@a@пример.рф" + strings.Repeat("ж", 5000)
	end, ascii, _, ok := idnDomainEnd(text, 3, len(text))
	if !ok || text[3:end] != "пример.рф" || ascii != primerRF {
		t.Fatalf("idnDomainEnd = %d, %q, %v; want the end of пример.рф", end, ascii, ok)
	}
}

// TestCanonicalHandleIDN checks the punycode form and the public-suffix
// rule for domains written in Unicode.
func TestCanonicalHandleIDN(t *testing.T) {
	tests := []struct {
		user, domain, want string
		ok                 bool
	}{
		{"alice", "bücher.example.de", "@alice@" + buecher, true},
		{"alice", "BÜCHER.Example.DE", "@alice@" + buecher, true},
		{"alice", "пример.рф", "@alice@" + primerRF, true},
		{"alice", "例え.中国", "@alice@" + exampleCN, true},
		{"alice", "xn--bcher-kva.example.de", "@alice@" + buecher, true},
		{"alice", "mastodon.café", "", false}, // .café is not a public suffix
		{"alice", "рф", "", false},            // a suffix alone
		{"alice", "bü_cher.de", "", false},    // idna.Lookup refuses "_" (STD3 rules)
		{"alice", "mastodon.socialمرحبا", "", false},
		{"älice", "bücher.example.de", "", false}, // user names stay ASCII
	}
	for _, tt := range tests {
		got, ok := CanonicalHandle(tt.user, tt.domain)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CanonicalHandle(%q, %q) = %q, %v; want %q, %v", tt.user, tt.domain, got, ok, tt.want, tt.ok)
		}
	}
}
