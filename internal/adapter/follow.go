package adapter

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// Follower lets importer follow, list, block and mute through a
// *mastodon.Client: it converts accounts and turns the client's errors
// into importer's sentinels while keeping the originals in the chain (so
// exit codes still see mastodon.ErrAuth).
type Follower struct {
	c      *mastodon.Client
	domain string // the server's handle domain, for local accounts' acct
}

var (
	_ follow.FollowTarget = (*Follower)(nil)
	_ follow.ListTarget   = (*Follower)(nil)
	_ follow.GraphTarget  = (*Follower)(nil)
)

// NewFollower returns the Follower of c's account. It learns the server's
// handle domain from Self, which every run calls first.
func NewFollower(c *mastodon.Client) *Follower {
	return &Follower{c: c}
}

// maxMovedDepth bounds how deep moved accounts are converted; importer
// reports longer chains.
const maxMovedDepth = 8

func (a *Follower) account(m *mastodon.Account, depth int) *follow.Account {
	if m == nil {
		return nil
	}
	acct := m.Acct
	if !strings.Contains(acct, "@") && a.domain != "" {
		acct += "@" + a.domain
	}
	out := &follow.Account{ID: string(m.ID), Acct: acct}
	if m.Moved != nil && depth < maxMovedDepth {
		out.MovedTo = a.account(m.Moved, depth+1)
	}
	return out
}

func (a *Follower) Lookup(ctx context.Context, acct string) (*follow.Account, error) {
	m, err := a.c.Lookup(ctx, acct)
	if err != nil {
		return nil, importErr(err)
	}
	return a.account(m, 0), nil
}

// Search resolves @user@domain and accepts only that account: a search
// also returns accounts that merely resemble the query.
func (a *Follower) Search(ctx context.Context, acct string) (*follow.Account, error) {
	ms, err := a.c.SearchAccounts(ctx, acct, true, 5)
	if err != nil {
		return nil, importErr(err)
	}
	want := strings.ToLower(strings.TrimPrefix(acct, "@"))
	for _, m := range ms {
		if got := a.account(m, 0); strings.EqualFold(got.Acct, want) {
			return got, nil
		}
	}
	return nil, nil
}

func (a *Follower) Self(ctx context.Context) (follow.Self, error) {
	m, err := a.c.VerifyCredentials(ctx)
	if err != nil {
		return follow.Self{}, importErr(err)
	}
	if a.domain == "" {
		p, err := a.c.Profile(ctx)
		if err != nil {
			return follow.Self{}, importErr(err)
		}
		a.domain = p.Domain
	}
	return follow.Self{ID: string(m.ID), Following: int(m.FollowingCount), Followers: int(m.FollowersCount)}, nil
}

func (a *Follower) accounts(seq iter.Seq2[*mastodon.Account, error]) iter.Seq2[*follow.Account, error] {
	return func(yield func(*follow.Account, error) bool) {
		for m, err := range seq {
			if !yield(a.account(m, 0), importErr(err)) {
				return
			}
		}
	}
}

func (a *Follower) Following(ctx context.Context) iter.Seq2[*follow.Account, error] {
	return a.accounts(a.c.Following(ctx))
}

func (a *Follower) Follow(ctx context.Context, id string, o follow.Options) (follow.Relationship, error) {
	rel, err := a.c.Follow(ctx, mastodon.ID(id), mastodon.FollowOptions{Reblogs: o.Reblogs, Notify: o.Notify, Languages: o.Languages})
	if err != nil {
		return follow.Relationship{}, importErr(err)
	}
	return follow.Relationship{Following: rel.Following, Requested: rel.Requested}, nil
}

func (a *Follower) FollowBudget() follow.Budget {
	return pacerBudget{a.c.Pacer(), mastodon.BucketFollows}
}

// pacerBudget reads one bucket of the client's pacer.
type pacerBudget struct {
	p *mastodon.Pacer
	b mastodon.Bucket
}

func (p pacerBudget) Remaining() (int, time.Time) { return p.p.Remaining(p.b) }
func (p pacerBudget) ETA(n int) time.Time         { return p.p.When(p.b, n) }

func (a *Follower) Lists(ctx context.Context) ([]follow.List, error) {
	ls, err := a.c.Lists(ctx)
	if err != nil {
		return nil, importErr(err)
	}
	out := make([]follow.List, 0, len(ls))
	for _, l := range ls {
		out = append(out, follow.List{ID: string(l.ID), Title: l.Title})
	}
	return out, nil
}

func (a *Follower) CreateList(ctx context.Context, title string) (follow.List, error) {
	l, err := a.c.CreateList(ctx, mastodon.NewList{Title: title})
	if err != nil {
		return follow.List{}, importErr(err)
	}
	return follow.List{ID: string(l.ID), Title: l.Title}, nil
}

func (a *Follower) ListMembers(ctx context.Context, id string) ([]*follow.Account, error) {
	ms, err := a.c.ListAccounts(ctx, mastodon.ID(id))
	if err != nil {
		return nil, importErr(err)
	}
	out := make([]*follow.Account, 0, len(ms))
	for _, m := range ms {
		out = append(out, a.account(m, 0))
	}
	return out, nil
}

// AddToList tells "already a member" (422) apart from other refusals.
func (a *Follower) AddToList(ctx context.Context, list, id string) error {
	err := a.c.AddToList(ctx, mastodon.ID(list), mastodon.ID(id))
	var pe *mastodon.PermanentError
	if errors.As(err, &pe) && pe.Status == http.StatusUnprocessableEntity && strings.Contains(strings.ToLower(pe.Message), "taken") {
		return fmt.Errorf("%w: %w", follow.ErrAlreadyListed, err)
	}
	return importErr(err)
}

func (a *Follower) Blocks(ctx context.Context) iter.Seq2[*follow.Account, error] {
	return a.accounts(a.c.Blocks(ctx))
}

func (a *Follower) Mutes(ctx context.Context) iter.Seq2[*follow.Account, error] {
	return a.accounts(a.c.Mutes(ctx))
}

func (a *Follower) Block(ctx context.Context, id string) error {
	_, err := a.c.Block(ctx, mastodon.ID(id))
	return importErr(err)
}

func (a *Follower) Mute(ctx context.Context, id string, notifications bool) error {
	_, err := a.c.Mute(ctx, mastodon.ID(id), notifications)
	return importErr(err)
}

// CannotFollowThreads reports whether the user's server is GoToSocial,
// which cannot follow Threads accounts (gotosocial#3682), when a target
// is on Threads. Best effort: a server whose software cannot be read is
// assumed able to, and the follow itself says otherwise.
func CannotFollowThreads(ctx context.Context, c *mastodon.Client, targets []follow.Target) bool {
	if !follow.AnyThreads(targets) {
		return false
	}
	p, err := c.Profile(ctx)
	return err == nil && p.Software == mastodon.SoftwareGoToSocial
}
