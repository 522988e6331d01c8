package mock

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/job"
)

// Follower is an in-memory server for follow, list, block and mute runs
// (follow.FollowTarget, ListTarget and GraphTarget). Accounts are
// added with Add; the maps say what the user's account has done to them,
// by account id. A test may read and change every field between runs.
type Follower struct {
	mu        sync.Mutex
	Me        follow.Self                // the user's account; Self adds the follows made here to Following
	Accounts  map[string]*follow.Account // by lower-case acct
	Known     map[string]bool            // found by Lookup without a Search, by lower-case acct
	Followed  map[string]bool
	Requests  map[string]bool // accounts whose follow stays a request (locked)
	Blocked   map[string]bool
	Muted     map[string]bool
	UserLists []follow.List
	Members   map[string]map[string]bool // list id → account ids
	// RequestsListable lets AddToList take an account whose follow is
	// still a request, as Mastodon does; GoToSocial wants an accepted one.
	RequestsListable bool
	Budget           int              // follows left in the window
	Reset            time.Time        // when the window ends
	FailOn           map[string]error // account id → error of Follow, Block or Mute
	Follows          []string         // account ids in the order of the follows sent
	Calls            map[string]int   // "lookup", "search", "follow", "block", "mute"
}

var (
	_ follow.FollowTarget = (*Follower)(nil)
	_ follow.ListTarget   = (*Follower)(nil)
	_ follow.GraphTarget  = (*Follower)(nil)
)

// NewFollower returns an empty server whose user has id "0" and a
// budget no run exhausts.
func NewFollower() *Follower {
	return &Follower{
		Me:       follow.Self{ID: "0"},
		Accounts: map[string]*follow.Account{},
		Known:    map[string]bool{},
		Followed: map[string]bool{},
		Requests: map[string]bool{},
		Blocked:  map[string]bool{},
		Muted:    map[string]bool{},
		Members:  map[string]map[string]bool{},
		Budget:   1 << 30,
		Reset:    time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		FailOn:   map[string]error{},
		Calls:    map[string]int{},
	}
}

// Add adds an account; known makes Lookup find it without a Search.
func (f *Follower) Add(acct string, known bool) *follow.Account {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := &follow.Account{ID: fmt.Sprint(len(f.Accounts) + 1), Acct: acct}
	f.Accounts[strings.ToLower(acct)] = a
	f.Known[strings.ToLower(acct)] = known
	return a
}

func (f *Follower) Lookup(_ context.Context, acct string) (*follow.Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Calls["lookup"]++
	k := strings.ToLower(strings.TrimPrefix(acct, "@"))
	a, ok := f.Accounts[k]
	if !ok || !f.Known[k] {
		return nil, fmt.Errorf("%w: GET lookup %s", job.ErrNotFound, acct)
	}
	return a, nil
}

// Search resolves "@user@domain", as the server's search does; the
// leading @ is required (GoToSocial finds nothing without it).
func (f *Follower) Search(_ context.Context, q string) (*follow.Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Calls["search"]++
	if !strings.HasPrefix(q, "@") {
		return nil, errors.New("search without the leading @")
	}
	k := strings.ToLower(strings.TrimPrefix(q, "@"))
	a, ok := f.Accounts[k]
	if !ok {
		return nil, nil
	}
	f.Known[k] = true
	return a, nil
}

func (f *Follower) Self(context.Context) (follow.Self, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.Me
	s.Following += len(f.Followed)
	return s, nil
}

// Following yields the followed accounts, by acct.
func (f *Follower) Following(context.Context) iter.Seq2[*follow.Account, error] {
	return f.having(func() map[string]bool { return f.Followed })
}

func (f *Follower) Follow(_ context.Context, id string, _ follow.Options) (follow.Relationship, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Calls["follow"]++
	if err := f.FailOn[id]; err != nil {
		return follow.Relationship{}, err
	}
	f.Budget--
	f.Follows = append(f.Follows, id)
	if f.Requests[id] {
		return follow.Relationship{Requested: true}, nil
	}
	f.Followed[id] = true
	return follow.Relationship{Following: true}, nil
}

// FollowBudget reads Budget and Reset; a follow's ETA is a minute a follow
// past Reset.
func (f *Follower) FollowBudget() follow.Budget { return budget{f} }

type budget struct{ f *Follower }

func (b budget) Remaining() (int, time.Time) {
	b.f.mu.Lock()
	defer b.f.mu.Unlock()
	return max(0, b.f.Budget), b.f.Reset
}

func (b budget) ETA(n int) time.Time {
	b.f.mu.Lock()
	defer b.f.mu.Unlock()
	return b.f.Reset.Add(time.Duration(n) * time.Minute)
}

func (f *Follower) Lists(context.Context) ([]follow.List, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]follow.List(nil), f.UserLists...), nil
}

func (f *Follower) CreateList(_ context.Context, title string) (follow.List, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := follow.List{ID: fmt.Sprint("L", len(f.UserLists)+1), Title: title}
	f.UserLists = append(f.UserLists, l)
	f.Members[l.ID] = map[string]bool{}
	return l, nil
}

func (f *Follower) ListMembers(_ context.Context, id string) ([]*follow.Account, error) {
	var out []*follow.Account
	for a := range f.having(func() map[string]bool { return f.Members[id] }) {
		out = append(out, a)
	}
	return out, nil
}

// AddToList wants the account followed (or, with RequestsListable,
// requested) and answers ErrAlreadyListed for a member.
func (f *Follower) AddToList(_ context.Context, listID, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Members[listID] == nil {
		return fmt.Errorf("%w: list %s", job.ErrNotFound, listID)
	}
	if f.Members[listID][id] {
		return fmt.Errorf("%w: 422", follow.ErrAlreadyListed)
	}
	if !f.Followed[id] && !(f.Requests[id] && f.RequestsListable) {
		return fmt.Errorf("%w: account not followed", job.ErrNotFound)
	}
	f.Members[listID][id] = true
	return nil
}

func (f *Follower) Block(_ context.Context, id string) error {
	return f.mark("block", id, func() map[string]bool { return f.Blocked })
}

func (f *Follower) Mute(_ context.Context, id string, _ bool) error {
	return f.mark("mute", id, func() map[string]bool { return f.Muted })
}

func (f *Follower) mark(call, id string, set func() map[string]bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Calls[call]++
	if err := f.FailOn[id]; err != nil {
		return err
	}
	set()[id] = true
	return nil
}

func (f *Follower) Blocks(context.Context) iter.Seq2[*follow.Account, error] {
	return f.having(func() map[string]bool { return f.Blocked })
}

func (f *Follower) Mutes(context.Context) iter.Seq2[*follow.Account, error] {
	return f.having(func() map[string]bool { return f.Muted })
}

// having yields the accounts whose id set() holds, in acct order. set is
// read under the lock; the loop body runs without it.
func (f *Follower) having(set func() map[string]bool) iter.Seq2[*follow.Account, error] {
	return func(yield func(*follow.Account, error) bool) {
		f.mu.Lock()
		var out []*follow.Account
		ids := set()
		for _, a := range f.Accounts {
			if ids[a.ID] {
				out = append(out, a)
			}
		}
		f.mu.Unlock()
		sort.Slice(out, func(i, j int) bool { return out[i].Acct < out[j].Acct })
		for _, a := range out {
			if !yield(a, nil) {
				return
			}
		}
	}
}
