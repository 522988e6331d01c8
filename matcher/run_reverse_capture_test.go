package matcher

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// TestRunReverseWithCaptureScreenName: an account the archive knows by id
// only, whose capture shows a screen name but an empty bio, is looked up
// on the fediverse side under the capture's screen name.
func TestRunReverseWithCaptureScreenName(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "erin_b", Host: "two.example.com", Summary: "was https://x.com/erin_b"})

	user := `{"__typename":"User","rest_id":"7","core":{"screen_name":"erin_b","name":"Erin"},"legacy":{"description":"","entities":{"description":{"urls":[]}}}}`
	body := `{"data":{"user":{"result":{"timeline":{"timeline":{"instructions":[{"type":"TimelineAddEntries","entries":[{"entryId":"user-7","content":{"itemContent":{"itemType":"TimelineUser","user_results":{"result":` + user + `}}}}]}]}}}}}}`
	text, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	har := `{"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"https://x.com/i/api/graphql/q/Following"},"response":{"status":200,"content":{"mimeType":"application/json","text":` + string(text) + `}}}]}}`
	ps, err := profiles.Read(strings.NewReader(har), "following.har")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ScreenName != "erin_b" || ps[0].Source != profiles.SourceHAR {
		t.Fatalf("capture read as %+v", ps)
	}
	var out collectWriter
	sum, err := Run(context.Background(), RunConfig{
		Accounts:         []profiles.AccountRef{{ID: "7"}},
		Sources:          []ProfileSource{profiles.NewStaticSource(ps)},
		Verifier:         newTestVerifier(f, VerifyOptions{}),
		ReverseInstances: []string{"two.example.com"},
	}, &out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || len(out[0].Handles) != 1 || out[0].Handles[0] != "@erin_b@two.example.com" {
		t.Fatalf("matches %+v; want @erin_b@two.example.com by reverse lookup", out)
	}
	if sum.NoProfile != 0 || sum.Matched != 1 {
		t.Errorf("summary %+v", sum)
	}
}
