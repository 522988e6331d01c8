package mastotest

import (
	"net/url"
	"testing"
)

func TestSmoke(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	r := do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil)
	wantCode(t, r, 200)
	t.Logf("%s %v", r.body, r.header)
	r = postStatus(t, s, alice.Token, url.Values{"status": {"hello"}})
	wantCode(t, r, 200)
	t.Logf("%s", r.body)
}
