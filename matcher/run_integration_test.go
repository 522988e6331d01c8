package matcher

import (
	"context"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// TestRunEndToEnd drives the real pipeline: a --profiles file, the real
// extractor, and the real Verifier against the simulated fediverse of the
// verification tests, then the Mastodon CSV export.
func TestRunEndToEnd(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "alice", Host: "one.example.com", Summary: `<p>also <a href="https://twitter.com/alice">twitter.com/alice</a></p>`})
	f.add(&fakeAccount{User: "old", Host: "one.example.com", MovedTo: "https://three.example.com/users/new"})
	f.add(&fakeAccount{User: "new", Host: "three.example.com"})
	f.add(&fakeAccount{User: "dave", Host: "two.example.com", Summary: "formerly @dave on Twitter: https://x.com/dave"})

	file := `{"id_str":"1","screen_name":"alice","description":"fediverse: @alice@one.example.com"}
{"id":"2","username":"bob","description":"now at https://t.co/b","entities":{"description":{"urls":[{"start":7,"end":21,"url":"https://t.co/b","expanded_url":"https://one.example.com/@old"}]}}}
{"id":"3","username":"carol","description":"@ghost@one.example.com"}
`
	ps, err := profiles.Read(strings.NewReader(file), "profiles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	v := newTestVerifier(f, VerifyOptions{})
	var csv strings.Builder
	w := NewMastodonCSVStream(&csv)
	sum, err := Run(context.Background(), RunConfig{
		Accounts:         []profiles.AccountRef{{ID: "1"}, {ID: "2"}, {ID: "3"}, {ID: "4"}},
		Sources:          []ProfileSource{profiles.NewStaticSource(ps)},
		ScreenNames:      map[string]string{"4": "dave"},
		Verifier:         v,
		ReverseInstances: []string{"two.example.com"},
	}, w, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := MastodonCSVHeader + "\n" +
		"alice@one.example.com,true,false,\n" +
		"new@three.example.com,true,false,\n" +
		"dave@two.example.com,true,false,\n"
	if csv.String() != want {
		t.Errorf("csv\n%s\nwant\n%s", csv.String(), want)
	}
	wantSum := Summary{Scanned: 4, Matched: 3, Confirmed: 2, Moved: 1, NoProfile: 1}
	if sum != wantSum {
		t.Errorf("summary %+v, want %+v", sum, wantSum)
	}
}
