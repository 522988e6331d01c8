package mastodon_test

import (
	"context"
	"slices"
	"testing"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// TestUseScopes: each use's scopes come from the endpoint table. The
// expected lists are written out so that a call dropped from a use, or
// a scope changed in the table, fails here.
func TestUseScopes(t *testing.T) {
	for _, c := range []struct {
		name string
		use  mastodon.Use
		want []string
	}{
		{"profile", mastodon.UseProfile, []string{"read:accounts", "write:accounts"}},
		{"post", mastodon.UsePost, []string{"read:accounts", "read:statuses", "write:media", "write:statuses"}},
		{"delete", mastodon.UseDelete, []string{"write:statuses"}},
		{"follow", mastodon.UseFollow, []string{"read:accounts", "read:search", "write:follows"}},
		{"lists", mastodon.UseLists, []string{"read:lists", "write:lists"}},
		{"block", mastodon.UseBlock, []string{"read:accounts", "read:blocks", "read:search", "write:blocks"}},
		{"mute", mastodon.UseMute, []string{"read:accounts", "read:mutes", "read:search", "write:mutes"}},
	} {
		if got := c.use.Scopes(); !slices.Equal(got, c.want) {
			t.Errorf("%s: Scopes() = %q, want %q", c.name, got, c.want)
		}
		if got := c.use.Missing(mastodon.GranularScopes); len(got) > 0 {
			t.Errorf("%s: login's scopes lack %q", c.name, got)
		}
		if got := c.use.Missing([]string{"read", "write", "follow"}); len(got) > 0 {
			t.Errorf("%s: read write follow lacks %q", c.name, got)
		}
		if c.use.What == "" {
			t.Errorf("%s: no words for the message", c.name)
		}
	}
	if got := mastodon.UsePost.Missing([]string{"read", "write:statuses"}); !slices.Equal(got, []string{"write:media"}) {
		t.Errorf("post with read write:statuses: missing %q", got)
	}
}

func TestUseScopesPanicsOnUnknownCall(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a call missing from Endpoints did not panic")
		}
	}()
	mastodon.Use{What: "x", Calls: []string{"GET /api/v1/nothing"}}.Scopes()
}

// TestAppScopes: Mastodon ≥ 4.3 names the app's scopes; older Mastodon
// and GoToSocial do not say, which is not an error; a revoked token is.
func TestAppScopes(t *testing.T) {
	narrow := []string{"read", "write:statuses"}
	for _, c := range []struct {
		name  string
		opts  mastotest.Options
		known bool
	}{
		{"mastodon 4.5", mastotest.Options{}, true},
		{"mastodon 4.3", mastotest.Options{Version: "4.3.0"}, true},
		{"mastodon 4.2", mastotest.Options{Version: "4.2.10"}, false},
		{"gotosocial", mastotest.Options{Software: mastotest.GoToSocial}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := mastotest.New(c.opts)
			defer s.Close()
			a := s.AddAccount("alice", mastotest.AccountOptions{Scopes: narrow, AppScopes: narrow})
			cl, err := mastodon.New(s.URL(), a.Token, mastodon.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, known, err := cl.AppScopes(context.Background())
			if err != nil || known != c.known || (known && !slices.Equal(got, narrow)) {
				t.Fatalf("AppScopes = %q, %v, %v", got, known, err)
			}
			s.RevokeToken(a.Token)
			if _, _, err := cl.AppScopes(context.Background()); err == nil {
				t.Error("a revoked token: no error")
			}
		})
	}
}
