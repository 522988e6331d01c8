package matcher

import (
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ascii @a@b.social", "plain ascii @a@b.social"},
		{"＠alice＠mastodon．social", "@alice@mastodon.social"},
		{"𝗮𝗹𝗶𝗰𝗲 𝑎𝑙𝑖𝑐𝑒 𝔞𝔩𝔦𝔠𝔢", "alice alice alice"},
		{"ａｌｉｃｅ", "alice"},
		{"a\u200bb\u200cc\u200dd\u2060e\ufeff", "abcde"},
		{"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069x", "x"},
		{"\u200e\u200f\u061cx\u00ady", "xy"},
		{"e\u0301", "é"},
		{"e\u200b\u0301", "é"}, // the combining mark re-attaches once the ZWSP is gone
		{"mastodon.social/@alic…", "mastodon.social/@alic…"},
		{"＠a… ＠b", "@a… @b"},
		{"…", "…"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExpandEntities(t *testing.T) {
	tests := []struct {
		name string
		text string
		ents []profiles.URLEntity
		want string
	}{
		{"by index", "see https://t.co/a ok", []profiles.URLEntity{{URL: "https://t.co/a", ExpandedURL: "https://mas.to/@x", Start: 4, End: 18}},
			"see  https://mas.to/@x  ok"},
		{"index after non-ASCII", "é https://t.co/a", []profiles.URLEntity{{URL: "https://t.co/a", ExpandedURL: "https://mas.to/@x", Start: 2, End: 16}},
			"é  https://mas.to/@x "},
		{"two, out of order", "https://t.co/a https://t.co/b", []profiles.URLEntity{
			{URL: "https://t.co/b", ExpandedURL: "B", Start: 15, End: 29},
			{URL: "https://t.co/a", ExpandedURL: "A", Start: 0, End: 14}},
			" A   B "},
		{"no indices", "x https://t.co/a y", []profiles.URLEntity{{URL: "https://t.co/a", ExpandedURL: "https://mas.to/@x"}},
			"x  https://mas.to/@x  y"},
		{"wrong indices fall back to search", "xx https://t.co/a", []profiles.URLEntity{{URL: "https://t.co/a", ExpandedURL: "E", Start: 0, End: 14}},
			"xx  E "},
		{"indices out of range", "https://t.co/a", []profiles.URLEntity{{URL: "https://t.co/a", ExpandedURL: "E", Start: 5, End: 500}},
			" E "},
		{"no expansion keeps the t.co URL", "https://t.co/a", []profiles.URLEntity{{URL: "https://t.co/a", Start: 0, End: 14}},
			"https://t.co/a"},
		{"none", "nothing", nil, "nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := expandEntities(tt.text, tt.ents); got != tt.want {
				t.Errorf("expandEntities(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestCanonicalAndSplitHandle(t *testing.T) {
	tests := []struct {
		user, domain string
		want         string
	}{
		{"alice", "mastodon.social", "@alice@mastodon.social"},
		{"@alice", "Mastodon.SOCIAL", "@alice@mastodon.social"},
		{"Alice_B", "mas.to", "@Alice_B@mas.to"},
		{"first.last", "example.org", "@first.last@example.org"},
		{"a-b", "example.org", "@a-b@example.org"},
		{"x.bsky.social", "bsky.brid.gy", "@x.bsky.social@bsky.brid.gy"},
		{"alice", "bücher.example.de", "@alice@xn--bcher-kva.example.de"},
		{".alice", "mas.to", ""},
		{"alice.", "mas.to", ""},
		{"al ice", "mas.to", ""},
		{"", "mas.to", ""},
		{strings.Repeat("a", 65), "mas.to", ""},
		{"alice", "localhost", ""},
		{"alice", "10.0.0.1", ""},
		{"alice", "co.uk", ""},
		{"alice", "mastodon.social.https", ""},
		{"alice", "-bad.example.org", ""},
		{"alice", "bad-.example.org", ""},
		{"alice", "a..b.org", ""},
		{"alice", "under_score.org", ""},
		{"alice", "alice.github.io", "@alice@alice.github.io"},
	}
	for _, tt := range tests {
		got, ok := CanonicalHandle(tt.user, tt.domain)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("CanonicalHandle(%q, %q) = %q, %v; want %q", tt.user, tt.domain, got, ok, tt.want)
		}
		if tt.want == "" {
			continue
		}
		u, d, ok := SplitHandle(tt.want)
		if !ok || "@"+u+"@"+d != tt.want {
			t.Errorf("SplitHandle(%q) = %q, %q, %v", tt.want, u, d, ok)
		}
	}
	for _, bad := range []string{"", "@", "alice", "@alice", "@@mas.to", "@alice@", "alice@@mas.to", "@a@b@c.org"} {
		if u, d, ok := SplitHandle(bad); ok {
			t.Errorf("SplitHandle(%q) = %q, %q, true; want false", bad, u, d)
		}
	}
}

func TestClassifyDomain(t *testing.T) {
	tests := []struct {
		domain string
		want   domainVerdict
	}{
		{"medium.com", domainNonFediverse},
		{"alice.medium.com", domainNonFediverse},
		{"m.youtube.com", domainNonFediverse},
		{"www.threads.net", domainURLOnly},
		{"counter.social", domainNonFederate},
		{"truthsocial.com", domainNonFederate},
		{"gmail.com", domainEmail},
		{"mastodon.social", domainKnown},
		{"mastodon.example.org", domainUnknown},
	}
	for _, tt := range tests {
		d, reg, ok := checkDomain(tt.domain)
		if !ok {
			t.Fatalf("checkDomain(%q) failed", tt.domain)
		}
		if got := classifyDomain(d, reg); got != tt.want {
			t.Errorf("classifyDomain(%q) = %v, want %v", tt.domain, got, tt.want)
		}
	}
}
