package follow

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

func handles(ts []Target) string {
	var hs []string
	for _, t := range ts {
		hs = append(hs, t.Handle)
	}
	return strings.Join(hs, " ")
}

func TestReadMatchesFiles(t *testing.T) {
	tests := []struct{ file, want string }{
		{"matches.jsonl", "ann@social.example cy@a.example cy@b.example"},
		{"following_accounts.csv", "ann@social.example cy@a.example"},
	}
	for _, tt := range tests {
		f, err := os.Open("testdata/follow/" + tt.file)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := ReadMatches(f, tt.file)
		f.Close()
		if err != nil || handles(ts) != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.file, handles(ts), err, tt.want)
		}
	}
}

// TestReadMatchesList checks that the list a match came from reaches its
// targets in both formats, and that files without it (older ones, CSVs)
// say nothing.
func TestReadMatchesList(t *testing.T) {
	tests := []struct {
		name, in string
		want     bool
	}{
		{"jsonl following", "{\"handles\":[\"@a@x.example\"],\"list\":\"following\"}\n", true},
		{"json following", `[{"handles":["@a@x.example"],"list":"blocks"},{"handles":["@b@x.example"],"list":"following"}]`, true},
		{"jsonl blocks", "{\"handles\":[\"@a@x.example\"],\"list\":\"blocks\"}\n", false},
		{"jsonl without list", "{\"handles\":[\"@a@x.example\"]}\n", false},
		{"csv", "Account address,Show boosts,Notify on new posts,Languages\na@x.example,true,false,\n", false},
	}
	for _, tt := range tests {
		ts, err := ReadMatches(strings.NewReader(tt.in), "in.txt")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got, ok := FromFollowing(ts); ok != tt.want || (ok && got.List != "following") {
			t.Errorf("%s: FromFollowing = %+v, %v; want %v", tt.name, got, ok, tt.want)
		}
	}
}

// The lists a file records count every record, matched or not: a blocks
// file in which nothing was matched still says it is a blocks file, so an
// export of it is a blocks CSV, not a following one.
func TestReadMatchesFileLists(t *testing.T) {
	tests := []struct {
		name, in string
		targets  int
		lists    []string
	}{
		{"nothing matched", "{\"twitter_id\":\"1\",\"handles\":[],\"list\":\"blocks\"}\n{\"twitter_id\":\"2\",\"handles\":[],\"list\":\"blocks\"}\n", 0, []string{"blocks"}},
		{"mixed, sorted", `[{"handles":["@a@x.example"],"list":"mutes"},{"handles":[],"list":"blocks"},{"handles":["@b@x.example"],"list":"mutes"}]`, 2, []string{"blocks", "mutes"}},
		{"no list", "{\"handles\":[\"@a@x.example\"]}\n", 1, nil},
		{"csv", "a@x.example\n", 1, nil},
		{"empty", "", 0, nil},
	}
	for _, tt := range tests {
		f, err := ReadMatchesFile(strings.NewReader(tt.in), "in.txt")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(f.Targets) != tt.targets || !slices.Equal(f.Lists, tt.lists) {
			t.Errorf("%s: %d targets, lists %q; want %d, %q", tt.name, len(f.Targets), f.Lists, tt.targets, tt.lists)
		}
	}
}

func TestReadMatchesInputs(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        string
	}{
		{"empty", "", "", ""},
		{"blank lines", "\n \n", "", ""},
		{"bom and headerless csv", "\xef\xbb\xbfa@x.example\n@B@Y.example\n", "a@x.example B@y.example", ""},
		{"old two-column header", "Account address,Show boosts\na@x.example,true\n", "a@x.example", ""},
		{"json array", `[{"twitter_id":"1","handles":["@a@x.example"]}]`, "a@x.example", ""},
		{"jsonl bad line", "{\"handles\":[\"@a@x.example\"]}\n{oops\n", "", "in.txt:2:"},
		{"jsonl bad handle", "{\"screen_name\":\"zed\",\"handles\":[\"nohost\"]}\n", "", "twitter account zed"},
		{"csv bad address", "Account address\na@x.example\nnot an address\n", "", "in.txt:3:"},
		{"csv bad quote", "a@x.example\n\"b@x.example\n", "", "in.txt:2:"},
		{"json not array of matches", `[1,2]`, "", "in.txt:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := ReadMatches(strings.NewReader(tt.in), "in.txt")
			if tt.wantErr != "" {
				var ie *InputError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &ie) {
					t.Fatalf("err %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || handles(ts) != tt.want {
				t.Errorf("got %q, %v; want %q", handles(ts), err, tt.want)
			}
		})
	}
}

func TestParseAddress(t *testing.T) {
	tests := []struct{ in, want string }{
		{"@alice@Mastodon.Social", "alice@mastodon.social"},
		{" bob@host.example:8080 ", "bob@host.example:8080"},
		{"alice", ""},
		{"@alice@", ""},
		{"a@b@c", ""},
		{"a b@c.example", ""},
		{"a@c.example/path", ""},
	}
	for _, tt := range tests {
		got, err := ParseAddress(tt.in)
		if (err != nil) != (tt.want == "") || got != tt.want {
			t.Errorf("ParseAddress(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func FuzzReadMatches(f *testing.F) {
	for _, name := range []string{"matches.jsonl", "following_accounts.csv"} {
		b, err := os.ReadFile("testdata/follow/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`[{"handles":["@a@x.example"]}]`))
	f.Add([]byte("\xef\xbb\xbf\"a@x\n"))
	f.Add([]byte("{\"handles\":[\"@a@x.example\",\"@A@X.EXAMPLE\"]}\n{}"))
	f.Add([]byte("{\"handles\":[\"@a@x.example\"],\"list\":\"following\"}\n{\"handles\":[],\"list\":7}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, err := ReadMatches(strings.NewReader(string(data)), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, tg := range ts {
			addr, err := ParseAddress(tg.Handle)
			if err != nil || !strings.EqualFold(addr, tg.Handle) {
				t.Fatalf("target %q is not a clean address: %v", tg.Handle, err)
			}
			if seen[normHandle(tg.Handle)] {
				t.Fatalf("duplicate target %q", tg.Handle)
			}
			seen[normHandle(tg.Handle)] = true
		}
	})
}
