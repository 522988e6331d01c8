package mastodon_test

import (
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// TestLoginScopesCoverEndpoints: what login asks for covers every
// endpoint, on granular and on legacy servers, and a granular server
// that advertises every scope gets asked for write:accounts.
func TestLoginScopesCoverEndpoints(t *testing.T) {
	granular := mastodon.OAuthMetadata{Found: true, ScopesSupported: append([]string{"read", "write", "follow", "profile"}, mastodon.GranularScopes...)}.Scopes()
	for _, set := range []struct {
		name   string
		scopes []string
	}{{"granular", granular}, {"legacy", mastodon.LegacyScopes}, {"old server", mastodon.OAuthMetadata{}.Scopes()}} {
		for _, e := range mastodon.Endpoints {
			if !mastodon.ScopesAllow(set.scopes, e.Scope) {
				t.Errorf("%s login scopes %q do not cover %s %s (%s)", set.name, set.scopes, e.Method, e.Path, e.Scope)
			}
		}
	}
	if !slices.Contains(granular, mastodon.ScopeWriteAccounts) {
		t.Errorf("granular login scopes %q lack write:accounts", granular)
	}
	// A server lacking one granular scope gets the coarse set.
	if got := (mastodon.OAuthMetadata{Found: true, ScopesSupported: []string{"read", "write", "read:accounts"}}).Scopes(); !slices.Equal(got, mastodon.LegacyScopes) {
		t.Errorf("partial granular server: %q", got)
	}
}

func TestScopesAllow(t *testing.T) {
	for _, c := range []struct {
		granted []string
		want    string
		ok      bool
	}{
		{nil, "", true},
		{nil, "read:accounts", false},
		{[]string{"read"}, "read:accounts", true},
		{[]string{"read"}, "write:accounts", false},
		{[]string{"write"}, "write:accounts", true},
		{[]string{"write:statuses"}, "write:accounts", false},
		{[]string{"write:accounts"}, "write:accounts", true},
		{[]string{"follow"}, "write:blocks", true},
		{[]string{"follow"}, "read:lists", false},
		{[]string{"read:accounts"}, "read", false},
	} {
		if got := mastodon.ScopesAllow(c.granted, c.want); got != c.ok {
			t.Errorf("ScopesAllow(%q, %q) = %v", c.granted, c.want, got)
		}
	}
	if got := mastodon.MissingScopes([]string{"read", "write:statuses"}, "read:lists", "write:accounts", "write:accounts"); !slices.Equal(got, []string{"write:accounts"}) {
		t.Errorf("MissingScopes = %q", got)
	}
}

// TestEndpointScopesMatchServer checks the table against mastotest, which
// enforces Mastodon's scope per route: a token with every fledge scope but
// the endpoint's own is refused with 403, one with only that scope is not.
func TestEndpointScopesMatchServer(t *testing.T) {
	s := mastotest.New(mastotest.Options{})
	t.Cleanup(s.Close)
	for _, e := range mastodon.Endpoints {
		if e.Scope == "" {
			continue
		}
		path := strings.ReplaceAll(e.Path, ":id", "1")
		others := slices.DeleteFunc(slices.Clone(mastodon.GranularScopes), func(s string) bool { return s == e.Scope })
		without := s.AddAccount("w"+strings.NewReplacer(":", "", "/", "", "_", "").Replace(e.Method+e.Path), mastotest.AccountOptions{Scopes: others})
		only := s.AddAccount("o"+strings.NewReplacer(":", "", "/", "", "_", "").Replace(e.Method+e.Path), mastotest.AccountOptions{Scopes: []string{e.Scope}})
		if code, body := call(t, s.URL()+path, e.Method, without.Token); code != http.StatusForbidden || !strings.Contains(body, "outside the authorized scopes") {
			t.Errorf("%s %s without %s: %d %s", e.Method, e.Path, e.Scope, code, body)
		}
		if code, body := call(t, s.URL()+path, e.Method, only.Token); code == http.StatusForbidden {
			t.Errorf("%s %s with only %s: %d %s", e.Method, e.Path, e.Scope, code, body)
		}
	}
}

func call(t *testing.T, url, method, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestDocTableListsEveryEndpoint keeps the package doc's table of library
// and own requests in step with Endpoints.
func TestDocTableListsEveryEndpoint(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, line := range strings.Split(string(doc), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "//"))
		if len(f) < 3 || strings.ToUpper(f[0]) != f[0] {
			continue
		}
		for _, p := range strings.Split(strings.Join(f[1:], " "), ", ") {
			rows[f[0]+" "+strings.Fields(p)[0]] = true
		}
	}
	for _, e := range mastodon.Endpoints {
		if !rows[e.Method+" "+e.Path] {
			t.Errorf("doc.go's table has no row for %s %s", e.Method, e.Path)
		}
	}
}
