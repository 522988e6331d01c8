package mastotest

import (
	"net/http"
	"net/url"
	"testing"
)

// TestResolveMovedMakesTargetKnown: resolving a moved account also makes
// the account it moved to known, as Mastodon fetches it while resolving.
func TestResolveMovedMakesTargetKnown(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	s.AddAccount("alice", AccountOptions{})
	s.AddRemoteAccount("new@b.example", RemoteOptions{})
	s.AddRemoteAccount("old@a.example", RemoteOptions{MovedTo: "new@b.example"})
	tok := s.Token("alice")

	get := func(path string) int {
		req, _ := http.NewRequest("GET", s.URL()+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("/api/v1/accounts/lookup?acct=new@b.example"); code != 404 {
		t.Fatalf("target known before any resolve: %d", code)
	}
	if code := get("/api/v2/search?type=accounts&resolve=true&q=" + url.QueryEscape("@old@a.example")); code != 200 {
		t.Fatalf("search: %d", code)
	}
	if code := get("/api/v1/accounts/lookup?acct=new@b.example"); code != 200 {
		t.Fatalf("target still unknown after resolving the moved account: %d", code)
	}
}
