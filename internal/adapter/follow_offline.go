package adapter

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// OfflineFollower is the server a follow dry run plans against when no
// account is logged in: every handle "resolves" to itself, nobody is
// followed yet, and the pace is Mastodon's default follow budget. The
// plan therefore lists every matched account as one to follow, without
// the server's checks (already followed, moved, unknown); the caller says
// so. It refuses to follow anyone.
type OfflineFollower struct {
	pacer *mastodon.Pacer
}

// NewOfflineFollower paces with mastodon.DefaultLimits on the clock now.
func NewOfflineFollower(now func() time.Time) *OfflineFollower {
	return &OfflineFollower{pacer: mastodon.NewPacer(mastodon.DefaultLimits(), mastodon.DefaultHeadroom, now)}
}

var errOfflineFollow = errors.New("not logged in: a dry run without an account cannot follow anyone")

func (o *OfflineFollower) Lookup(_ context.Context, acct string) (*follow.Account, error) {
	return &follow.Account{ID: acct, Acct: acct}, nil
}

func (o *OfflineFollower) Search(ctx context.Context, acct string) (*follow.Account, error) {
	return o.Lookup(ctx, acct)
}

// Self is an account that follows nobody and has no id any target has.
func (o *OfflineFollower) Self(context.Context) (follow.Self, error) { return follow.Self{}, nil }

func (o *OfflineFollower) Following(context.Context) iter.Seq2[*follow.Account, error] {
	return func(func(*follow.Account, error) bool) {}
}

func (o *OfflineFollower) Follow(context.Context, string, follow.Options) (follow.Relationship, error) {
	return follow.Relationship{}, errOfflineFollow
}

func (o *OfflineFollower) FollowBudget() follow.Budget {
	return pacerBudget{o.pacer, mastodon.BucketFollows}
}
