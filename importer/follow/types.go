package follow

import (
	"context"
	"iter"
	"time"
)

// Account is a fediverse account as the user's server sees it.
type Account struct {
	ID   string
	Acct string // user@domain (the server writes local accounts as just "user")
	// MovedTo is set when the account has moved; Mastodon refuses to
	// follow it, so the target is followed instead.
	MovedTo *Account
}

// Self describes the user's own account, for the self check and the
// follow cap.
type Self struct {
	ID        string
	Following int
	Followers int
}

// Relationship is what the server answered to a follow.
type Relationship struct {
	Following bool
	Requested bool // a follow request waits for the target's approval
}

// Options are the per-follow settings (Mastodon's reblogs, notify
// and languages[] parameters). Nil pointers keep the server's defaults.
type Options struct {
	Reblogs   *bool
	Notify    *bool
	Languages []string
}

// Resolver finds accounts on the user's server.
type Resolver interface {
	// Lookup finds an account the server already knows (user@domain).
	// An unknown account gives an error matching ErrNotFound.
	Lookup(ctx context.Context, acct string) (*Account, error)
	// Search asks the server to resolve @user@domain over WebFinger.
	// Nothing found is (nil, nil).
	Search(ctx context.Context, acct string) (*Account, error)
	// Self returns the user's own account.
	Self(ctx context.Context) (Self, error)
}

// Budget reports the client's view of a rate-limit bucket, so a run can
// stop before the day's budget runs out instead of waiting.
type Budget interface {
	// Remaining is how many more requests the current window allows, and
	// when the window ends.
	Remaining() (int, time.Time)
	// ETA is when n more requests could all have been sent.
	ETA(n int) time.Time
}

// FollowTarget is what the follow run needs from the server.
type FollowTarget interface {
	Resolver
	// Following yields the accounts the user already follows.
	Following(ctx context.Context) iter.Seq2[*Account, error]
	Follow(ctx context.Context, id string, o Options) (Relationship, error)
	// FollowBudget is the follows bucket (400 per UTC day on Mastodon).
	FollowBudget() Budget
}
