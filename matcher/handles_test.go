package matcher

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

func TestReadHandles(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []profiles.AccountRef
	}{
		{"plain list", "# organisers\n@alice\nbob  # a comment\n\n12345\n@007\n", []profiles.AccountRef{
			{ScreenName: "alice"}, {ScreenName: "bob"}, {ID: "12345"}, {ScreenName: "007"}}},
		{"URLs", "https://twitter.com/Alice\nx.com/bob/status/1\nhttps://twitter.com/intent/user?user_id=42\nhttps://mobile.twitter.com/i/user/43\n", []profiles.AccountRef{
			{ScreenName: "Alice"}, {ScreenName: "bob"}, {ID: "42"}, {ID: "43"}}},
		{"duplicates ignore case", "@Alice\nalice\n12\n12\n", []profiles.AccountRef{{ScreenName: "Alice"}, {ID: "12"}}},
		{"BOM and CRLF", "\xef\xbb\xbf@alice\r\n@bob\r\n", []profiles.AccountRef{{ScreenName: "alice"}, {ScreenName: "bob"}}},
		{"CSV with username", "# exported\nname,Username,followers\nAlice,@alice,10\nBob,bob,3\n", []profiles.AccountRef{
			{ScreenName: "alice"}, {ScreenName: "bob"}}},
		{"CSV with id and screen_name", "id,screen_name\n1,alice\n2,\n,carol\n,\n", []profiles.AccountRef{
			{ID: "1", ScreenName: "alice"}, {ID: "2"}, {ScreenName: "carol"}}},
		{"CSV name column with URL and digits", "screen_name\nhttps://x.com/dave\n123\n", []profiles.AccountRef{
			{ScreenName: "dave"}, {ScreenName: "123"}}},
		{"empty", "\n# nothing\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadHandles(strings.NewReader(tt.input), "h.txt")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestReadHandlesErrors(t *testing.T) {
	tests := []struct {
		name, input, want string
		line              int
	}{
		{"bad name", "@alice\n@bad name\n", "not a Twitter screen name", 2},
		{"fediverse handle", "@alice@mastodon.social\n", "not a Twitter screen name", 1},
		{"other site", "https://example.com/alice\n", "not a Twitter or X profile URL", 1},
		{"reserved page", "https://twitter.com/home\n", "not a Twitter or X profile URL", 1},
		{"comma later in a plain list", "alice\nbob,carol\n", "not a Twitter screen name", 2},
		{"CSV without a known column", "\n\nname,followers\nA,1\n", "no screen_name, username or id column", 3},
		{"CSV bad id", "# c\nid\n1\nx1\n", "not a numeric Twitter id", 4},
		{"CSV bad name", "screen_name,x\nok,1\n\"a b\",2\n", "not a Twitter screen name", 3},
		{"CSV bad quoting", "id,screen_name\n1,\"a\"b\n", "CSV", 2},
		{"long line", strings.Repeat("a", maxHandlesLine+10), "line longer", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadHandles(strings.NewReader(tt.input), "h.txt")
			var ie *profiles.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("want *profiles.InputError, got %v", err)
			}
			if ie.Line != tt.line || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "h.txt:") {
				t.Errorf("got %q (line %d), want line %d containing %q", err, ie.Line, tt.line, tt.want)
			}
		})
	}
}

func FuzzReadHandles(f *testing.F) {
	f.Add("@alice\nbob # c\n12345\nhttps://twitter.com/intent/user?user_id=42\n")
	f.Add("id,screen_name\n1,alice\n,\"bob\"\n")
	f.Add("screen_name\nhttps://x.com/a\n")
	f.Add("\xef\xbb\xbf#\n\n@a\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		refs, err := ReadHandles(strings.NewReader(in), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, a := range refs {
			if a.ID == "" && a.ScreenName == "" {
				t.Fatalf("empty ref from %q", in)
			}
			if a.ID != "" && !profiles.ValidTwitterID(a.ID) || a.ScreenName != "" && !profiles.ValidScreenName(a.ScreenName) {
				t.Fatalf("invalid ref %+v", a)
			}
			if seen[a.Key()] {
				t.Fatalf("duplicate %+v", a)
			}
			seen[a.Key()] = true
		}
	})
}
