package adapter_test

import (
	"context"
	"errors"
	"iter"
	"slices"
	"testing"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

func TestFollowerLookupAndSearch(t *testing.T) {
	ctx := context.Background()
	s, c := serve(t, mastotest.Options{Domain: "home.example"}, mastotest.AccountOptions{})
	s.AddRemoteAccount("known@far.example", mastotest.RemoteOptions{Known: true})
	s.AddRemoteAccount("new@far.example", mastotest.RemoteOptions{MovedTo: "known@far.example"})
	s.AddAccount("local", mastotest.AccountOptions{})
	f := adapter.NewFollower(c)
	if _, err := f.Self(ctx); err != nil {
		t.Fatal(err)
	}

	a, err := f.Lookup(ctx, "known@far.example")
	if err != nil || a.Acct != "known@far.example" || a.ID == "" {
		t.Fatalf("lookup of a known account: %+v, %v", a, err)
	}
	// A local account's bare acct gets the server's domain, learnt by Self.
	if a, err := f.Lookup(ctx, "local"); err != nil || a.Acct != "local@home.example" {
		t.Errorf("lookup of a local account: %+v, %v", a, err)
	}
	// Lookup never fetches: an account the server has not seen is not found.
	if _, err := f.Lookup(ctx, "new@far.example"); !errors.Is(err, job.ErrNotFound) {
		t.Errorf("lookup of an unseen account: %v, want ErrNotFound", err)
	}
	// Search resolves it, with the account it moved to.
	a, err = f.Search(ctx, "@new@far.example")
	if err != nil || a == nil || a.Acct != "new@far.example" {
		t.Fatalf("search: %+v, %v", a, err)
	}
	if a.MovedTo == nil || a.MovedTo.Acct != "known@far.example" {
		t.Errorf("search: moved to %+v, want known@far.example", a.MovedTo)
	}
	// A search answers only the account asked for, never a look-alike.
	if a, err := f.Search(ctx, "@nobody@far.example"); err != nil || a != nil {
		t.Errorf("search of an unknown account: %+v, %v; want nothing", a, err)
	}
}

func TestFollowerFollow(t *testing.T) {
	ctx := context.Background()
	s, c := serve(t, mastotest.Options{}, mastotest.AccountOptions{})
	open := s.AddRemoteAccount("open@far.example", mastotest.RemoteOptions{Known: true})
	locked := s.AddRemoteAccount("locked@far.example", mastotest.RemoteOptions{Known: true, Locked: true})
	f := adapter.NewFollower(c)

	no := false
	rel, err := f.Follow(ctx, open.ID, follow.Options{Reblogs: &no, Languages: []string{"en"}})
	if err != nil || !rel.Following || rel.Requested {
		t.Fatalf("follow: %+v, %v; want following", rel, err)
	}
	rel, err = f.Follow(ctx, locked.ID, follow.Options{})
	if err != nil || rel.Following || !rel.Requested {
		t.Fatalf("follow of a locked account: %+v, %v; want requested", rel, err)
	}
	d := s.FollowDetails("me")
	i := slices.IndexFunc(d, func(f mastotest.Follow) bool { return f.Acct == "open@far.example" })
	if i < 0 || d[i].Reblogs || !slices.Equal(d[i].Languages, []string{"en"}) {
		t.Errorf("the server holds %+v; want open@far.example without reblogs, in English", d)
	}

	var got []string
	for a, err := range f.Following(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, a.Acct)
	}
	if !slices.Equal(got, []string{"open@far.example"}) {
		t.Errorf("following: %v", got)
	}
	self, err := f.Self(ctx)
	if err != nil || self.Following != 1 {
		t.Errorf("self: %+v, %v; want following 1", self, err)
	}
	if n, _ := f.FollowBudget().Remaining(); n <= 0 {
		t.Errorf("follow budget: %d left", n)
	}
	if _, err := f.Follow(ctx, "999999", follow.Options{}); !errors.Is(err, job.ErrNotFound) {
		t.Errorf("follow of a missing account: %v, want ErrNotFound", err)
	}
}

func TestFollowerLists(t *testing.T) {
	ctx := context.Background()
	s, c := serve(t, mastotest.Options{}, mastotest.AccountOptions{})
	bob := s.AddRemoteAccount("bob@far.example", mastotest.RemoteOptions{Known: true})
	f := adapter.NewFollower(c)
	if _, err := f.Follow(ctx, bob.ID, follow.Options{}); err != nil {
		t.Fatal(err)
	}
	l, err := f.CreateList(ctx, "From Twitter")
	if err != nil || l.ID == "" || l.Title != "From Twitter" {
		t.Fatalf("create list: %+v, %v", l, err)
	}
	ls, err := f.Lists(ctx)
	if err != nil || !slices.Equal(ls, []follow.List{l}) {
		t.Fatalf("lists: %+v, %v; want %+v", ls, err, l)
	}
	if err := f.AddToList(ctx, l.ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	// Adding a member again is told apart from other refusals.
	if err := f.AddToList(ctx, l.ID, bob.ID); !errors.Is(err, follow.ErrAlreadyListed) {
		t.Errorf("second add: %v, want ErrAlreadyListed", err)
	}
	ms, err := f.ListMembers(ctx, l.ID)
	if err != nil || len(ms) != 1 || ms[0].Acct != "bob@far.example" {
		t.Errorf("members: %+v, %v", ms, err)
	}
	if got := s.Lists("me"); len(got) != 1 || !slices.Equal(got[0].Members, []string{"bob@far.example"}) {
		t.Errorf("the server holds %+v", got)
	}
	if err := f.AddToList(ctx, "424242", bob.ID); !errors.Is(err, job.ErrNotFound) || errors.Is(err, follow.ErrAlreadyListed) {
		t.Errorf("add to a missing list: %v, want ErrNotFound", err)
	}
}

func TestFollowerBlockAndMute(t *testing.T) {
	ctx := context.Background()
	s, c := serve(t, mastotest.Options{}, mastotest.AccountOptions{})
	troll := s.AddRemoteAccount("troll@far.example", mastotest.RemoteOptions{Known: true})
	noisy := s.AddRemoteAccount("noisy@far.example", mastotest.RemoteOptions{Known: true})
	f := adapter.NewFollower(c)
	if err := f.Block(ctx, troll.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.Mute(ctx, noisy.ID, true); err != nil {
		t.Fatal(err)
	}
	accts := func(name string, seq iter.Seq2[*follow.Account, error]) []string {
		var out []string
		for a, err := range seq {
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, a.Acct)
		}
		return out
	}
	if got := accts("blocks", f.Blocks(ctx)); !slices.Equal(got, []string{"troll@far.example"}) {
		t.Errorf("blocks: %v", got)
	}
	if got := accts("mutes", f.Mutes(ctx)); !slices.Equal(got, []string{"noisy@far.example"}) {
		t.Errorf("mutes: %v", got)
	}
	if !slices.Equal(s.Blocks("me"), []string{"troll@far.example"}) || !slices.Equal(s.Mutes("me"), []string{"noisy@far.example"}) {
		t.Errorf("the server holds blocks %v, mutes %v", s.Blocks("me"), s.Mutes("me"))
	}
	if err := f.Block(ctx, "999999"); !errors.Is(err, job.ErrNotFound) {
		t.Errorf("block of a missing account: %v, want ErrNotFound", err)
	}
}

// GoToSocial cannot follow Threads accounts; the question is asked of
// the server only when a target is on Threads.
func TestCannotFollowThreads(t *testing.T) {
	threads := []follow.Target{{Handle: "zuck@threads.net"}}
	other := []follow.Target{{Handle: "a@far.example"}}
	for _, tt := range []struct {
		software string
		targets  []follow.Target
		want     bool
	}{
		{mastotest.GoToSocial, threads, true},
		{mastotest.GoToSocial, other, false},
		{mastotest.Mastodon, threads, false},
	} {
		s, c := serve(t, mastotest.Options{Software: tt.software}, mastotest.AccountOptions{})
		s.ResetRequests()
		if got := adapter.CannotFollowThreads(context.Background(), c, tt.targets); got != tt.want {
			t.Errorf("%s, %v: %v, want %v", tt.software, tt.targets, got, tt.want)
		}
		if tt.targets[0].Handle == other[0].Handle && len(s.Requests()) != 0 {
			t.Errorf("%s: %d requests without a Threads target", tt.software, len(s.Requests()))
		}
	}
}
