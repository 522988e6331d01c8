package adapter_test

import (
	"context"
	"slices"
	"testing"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
	"github.com/fledge-cli/fledge/matcher"
)

func TestSearcher(t *testing.T) {
	ctx := context.Background()
	s, c := serve(t, mastotest.Options{Domain: "home.example"}, mastotest.AccountOptions{})
	s.AddRemoteAccount("birder@far.example", mastotest.RemoteOptions{
		DisplayName: "Birder", Note: "I watch birds", Fields: []mastotest.Field{{Name: "Twitter", Value: "@birder"}},
		MovedTo: "neighbour@home.example",
	})
	s.AddAccount("neighbour", mastotest.AccountOptions{DisplayName: "Neighbour"})
	srch := adapter.NewSearcher(c, "home.example")

	got, err := srch.SearchAccounts(ctx, "birder@far.example", true)
	if err != nil || len(got) != 1 {
		t.Fatalf("search: %+v, %v", got, err)
	}
	b := got[0]
	if b.Acct != "birder@far.example" || b.DisplayName != "Birder" || b.URL == "" || b.Note == "" ||
		!slices.Equal(b.Fields, []matcher.ProfileField{{Name: "Twitter", Value: "@birder"}}) {
		t.Errorf("remote account: %+v", b)
	}
	// The account it moved to is local; its bare acct gets the domain.
	if b.MovedTo != "neighbour@home.example" {
		t.Errorf("moved to %q, want neighbour@home.example", b.MovedTo)
	}
	got, err = srch.SearchAccounts(ctx, "neighbour", false)
	if err != nil || len(got) != 1 || got[0].Acct != "neighbour@home.example" {
		t.Errorf("local search: %+v, %v", got, err)
	}
}

func TestServerFollowing(t *testing.T) {
	ctx := context.Background()
	s, c := serve(t, mastotest.Options{Domain: "home.example"}, mastotest.AccountOptions{})
	far := s.AddRemoteAccount("Far@far.example", mastotest.RemoteOptions{Known: true})
	near := s.AddAccount("near", mastotest.AccountOptions{})
	f := adapter.NewFollower(c)
	for _, id := range []string{far.ID, near.ID} {
		if _, err := f.Follow(ctx, id, follow.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	set, err := adapter.ServerFollowing(ctx, c, "home.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"far@far.example", "near@home.example"} {
		if !set.Has(h) {
			t.Errorf("following set %v lacks %s", set, h)
		}
	}
	if set.Has("me@home.example") {
		t.Errorf("following set %v holds the account itself", set)
	}
}
