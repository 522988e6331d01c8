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

// TestAccountSearchNeedsAUser: Mastodon's /api/v1/accounts/search
// requires a user token with read:accounts (doorkeeper_authorize! and
// require_user! in Api::V1::Accounts::SearchController), while
// /api/v2/search answers anonymous queries that do not resolve.
func TestAccountSearchNeedsAUser(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	noRead := s.AddAccount("bob", AccountOptions{Scopes: []string{"write"}})
	for _, c := range []struct {
		token, path string
		want        int
	}{
		{"", "/api/v1/accounts/search?q=alice", 401},
		{noRead.Token, "/api/v1/accounts/search?q=alice", 403},
		{alice.Token, "/api/v1/accounts/search?q=alice", 200},
		{"", "/api/v2/search?q=alice", 200},
		{"", "/api/v2/search?q=alice&resolve=true", 401},
	} {
		if r := do(t, s, c.token, "GET", c.path, nil); r.code != c.want {
			t.Errorf("GET %s (token %v): %d %s, want %d", c.path, c.token != "", r.code, r.body, c.want)
		}
	}
}
