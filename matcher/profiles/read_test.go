package profiles

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func readProfilesFile(t *testing.T, path string) []Profile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ps, err := Read(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestReadProfilesJSONL(t *testing.T) {
	ps := readProfilesFile(t, "testdata/profiles/mixed.jsonl")
	var names []string
	for _, p := range ps {
		names = append(names, p.ID+":"+p.ScreenName)
		if p.Source != SourceFile {
			t.Errorf("%s: source %q", p.ScreenName, p.Source)
		}
	}
	want := []string{"12:alice", "13:bob", "14:carol", "15:dave", "16:erin", "17:frank"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("got %v, want %v", names, want)
	}

	alice := ps[0]
	wantAlice := Profile{
		ID: "12", ScreenName: "alice", Name: "Alice",
		Description: "toots: https://t.co/abc", Location: "Berlin", URL: "https://t.co/u1",
		DescriptionURLs: []URLEntity{{URL: "https://t.co/abc", ExpandedURL: "https://mastodon.social/@alice", Start: 7, End: 23}},
		URLURLs:         []URLEntity{{URL: "https://t.co/u1", ExpandedURL: "https://mastodon.social/@alice", Start: 0, End: 15}},
		PinnedText:      "moved to https://t.co/zz",
		PinnedURLs:      []URLEntity{{URL: "https://t.co/zz", ExpandedURL: "https://hachyderm.io/@alice", Start: 9, End: 24}},
		Source:          SourceFile,
	}
	if !reflect.DeepEqual(alice, wantAlice) {
		t.Errorf("alice:\n got %+v\nwant %+v", alice, wantAlice)
	}
	bob := ps[1]
	if bob.PinnedText != "find me at https://t.co/p" || len(bob.PinnedURLs) != 1 ||
		bob.PinnedURLs[0] != (URLEntity{URL: "https://t.co/p", ExpandedURL: "https://fosstodon.org/@bob", Start: 11, End: 25}) {
		t.Errorf("bob pinned: %q %+v", bob.PinnedText, bob.PinnedURLs)
	}
	if bob.DescriptionURLs != nil {
		t.Errorf("bob: empty urls should stay nil, got %+v", bob.DescriptionURLs)
	}
	if ps[2].PinnedText != "I'm @carol@social.coop now" {
		t.Errorf("carol: pinned tweet from includes not attached: %q", ps[2].PinnedText)
	}
	if ps[3].PinnedText != "" {
		t.Errorf("dave has no pinned tweet, got %q", ps[3].PinnedText)
	}
}

func TestReadProfilesCSV(t *testing.T) {
	ps := readProfilesFile(t, "testdata/profiles/profiles.csv")
	want := []Profile{
		{ID: "21", ScreenName: "grace", Name: "Grace", Description: "multi\nline bio @grace@mas.to", Location: "Earth", URL: "https://example.org", Source: SourceFile},
		{ScreenName: "heidi", Source: SourceFile},
	}
	if !reflect.DeepEqual(ps, want) {
		t.Fatalf("got %+v\nwant %+v", ps, want)
	}
}

func TestReadProfilesLongTweetText(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"full_text wins over text", `{"id_str":"1","status":{"text":"short…","full_text":"long @a@b.social"}}`, "long @a@b.social"},
		{"extended_tweet", `{"id_str":"1","status":{"text":"short…","extended_tweet":{"full_text":"ext @a@b.social"}}}`, "ext @a@b.social"},
		{"v2 note_tweet", `{"id":"1","pinned_tweet":{"text":"short…","note_tweet":{"text":"note @a@b.social"}}}`, "note @a@b.social"},
		{"pinned_tweet preferred to status", `{"id":"1","pinned_tweet":{"text":"pinned"},"status":{"text":"latest"}}`, "pinned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := Read(strings.NewReader(tt.line), "x")
			if err != nil {
				t.Fatal(err)
			}
			if ps[0].PinnedText != tt.want {
				t.Errorf("got %q, want %q", ps[0].PinnedText, tt.want)
			}
		})
	}
}

func TestSanitizeEntities(t *testing.T) {
	tests := []struct {
		name string
		text string
		in   URLEntity
		want URLEntity
	}{
		{"good span", "a https://t.co/x", URLEntity{URL: "https://t.co/x", Start: 2, End: 16}, URLEntity{URL: "https://t.co/x", Start: 2, End: 16}},
		{"code points, not bytes", "é https://t.co/x", URLEntity{URL: "https://t.co/x", Start: 2, End: 16}, URLEntity{URL: "https://t.co/x", Start: 2, End: 16}},
		{"span points elsewhere", "a https://t.co/x", URLEntity{URL: "https://t.co/x", Start: 0, End: 14}, URLEntity{URL: "https://t.co/x"}},
		{"past the end", "a", URLEntity{URL: "https://t.co/x", Start: 2, End: 16}, URLEntity{URL: "https://t.co/x"}},
		{"negative", "a https://t.co/x", URLEntity{URL: "https://t.co/x", Start: -3, End: 16}, URLEntity{URL: "https://t.co/x"}},
		{"reversed", "a https://t.co/x", URLEntity{URL: "https://t.co/x", Start: 16, End: 2}, URLEntity{URL: "https://t.co/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Profile{Description: tt.text, DescriptionURLs: []URLEntity{tt.in}}
			SanitizeEntities(&p)
			if len(p.DescriptionURLs) != 1 || p.DescriptionURLs[0] != tt.want {
				t.Errorf("got %+v, want %+v", p.DescriptionURLs, tt.want)
			}
		})
	}
	p := Profile{Description: "x", DescriptionURLs: []URLEntity{{ExpandedURL: "https://a.example"}}}
	SanitizeEntities(&p)
	if p.DescriptionURLs != nil {
		t.Errorf("entity without a t.co URL kept: %+v", p.DescriptionURLs)
	}
}

func TestReadProfilesErrors(t *testing.T) {
	tests := []struct {
		name, input, want string
		line              int
	}{
		{"bad JSON on line 3", "{\"id_str\":\"1\"}\n\n{\"id_str\":\n", "invalid JSON", 3},
		{"wrong type", `{"id_str":"1","description":5}`, `field "description" has the wrong type`, 1},
		{"no id or name", `{"name":"x"}`, "neither an id nor a screen_name", 1},
		{"non-numeric id", `{"id":"12a"}`, "not a numeric Twitter id", 1},
		{"float id", `{"id":1.5e3}`, "not a numeric Twitter id", 1},
		{"bad screen name", `{"id":"1","username":"a b"}`, "not a valid Twitter screen name", 1},
		{"scalar line", "{\"id\":\"1\"}\n42\n", "expected a JSON object or array", 2},
		{"bad array element", `[{"id":"1"},{"id":"x"}]`, "array element 1", 1},
		{"nested arrays", `[[{"id":"1"}]]`, "array element 0: expected a user object", 1},
		{"bad envelope data", `{"data":[{"id":"x"}]}`, "data[0]", 1},
		{"csv wrong header", "id,name\n1,a\n", "CSV header", 1},
		{"csv short row", CSVHeader + "\n1,a,b\n", "3 fields, want 6", 2},
		{"csv bad quote", CSVHeader + "\n1,a,\"b\"x,,,\n", "CSV", 2},
		{"csv unterminated quote", CSVHeader + "\n\"", "CSV", 2},
		{"csv empty row ids", CSVHeader + "\n,,n,d,l,u\n", "neither id nor screen_name", 2},
		{"csv bad id", CSVHeader + "\nabc,a,,,,\n", "not a numeric", 2},
		{"csv line after multi-line field", CSVHeader + "\n1,a,\"x\ny\",,,\nbad,b,,,,\n", "not a numeric", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.input), "in.txt")
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("want *InputError, got %v", err)
			}
			if ie.File != "in.txt" || ie.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q (line %d), want line %d containing %q", err, ie.Line, tt.line, tt.want)
			}
		})
	}
}

func TestReadProfilesEmptyAndLongLine(t *testing.T) {
	ps, err := Read(strings.NewReader(" \n\n"), "empty")
	if err != nil || len(ps) != 0 {
		t.Fatalf("empty input: %v, %v", ps, err)
	}
	long := `{"id":"1","description":"` + strings.Repeat("a", maxProfileLine) + `"}`
	_, err = Read(strings.NewReader("{\"id\":\"2\"}\n"+long), "big")
	if err == nil || !strings.Contains(err.Error(), "big:2: line longer") {
		t.Fatalf("want a line-length error on line 2, got %v", err)
	}
}

func TestProfilesStopsEarly(t *testing.T) {
	in := strings.Repeat("{\"id\":\"1\"}\n", 10)
	n := 0
	for range Stream(strings.NewReader(in), "x") {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatalf("iterated %d", n)
	}
}

func TestReadProfilesHostile(t *testing.T) {
	tests := []struct{ name, input string }{
		{"deep nesting", strings.Repeat("[", 200000) + strings.Repeat("]", 200000)},
		{"deep objects", `{"data":` + strings.Repeat(`{"data":`, 100000) + "1" + strings.Repeat("}", 100001)},
		{"binary", "{\x00\xff\xfe"},
		{"huge number id", `{"id":` + strings.Repeat("9", 5000) + `}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.input), "h.jsonl")
			if err == nil || !strings.HasPrefix(err.Error(), "h.jsonl:1:") {
				t.Errorf("want an error on line 1, got %v", err)
			}
		})
	}
	at := `{"id":"1","description":"` + strings.Repeat("@", 10000) + `"}`
	if ps, err := Read(strings.NewReader(at), "x"); err != nil || len(ps) != 1 {
		t.Errorf("10 KB of @: %v %v", len(ps), err)
	}
}
