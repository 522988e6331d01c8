package follow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/importer/job/jobtest"
)

// fakeServer is an in-memory FollowTarget, ListTarget and GraphTarget.
type fakeServer struct {
	self      Self
	accounts  map[string]*Account // by lower-case acct
	known     map[string]bool     // found by lookup without a search
	following map[string]bool     // ids
	requests  map[string]bool     // ids that answer requested
	blocked   map[string]bool
	muted     map[string]bool
	lists     []List
	members   map[string]map[string]bool // list id → account ids
	pendingOK bool                       // AddToList refuses requested follows (GoToSocial)
	budget    int
	reset     time.Time
	failOn    map[string]error // account id → error from Follow
	follows   []string         // ids in order of the follow POSTs
	calls     map[string]int
}

func newFake() *fakeServer {
	return &fakeServer{
		self:      Self{ID: "0"},
		accounts:  map[string]*Account{},
		known:     map[string]bool{},
		following: map[string]bool{},
		requests:  map[string]bool{},
		blocked:   map[string]bool{},
		muted:     map[string]bool{},
		members:   map[string]map[string]bool{},
		budget:    1 << 30,
		reset:     time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		failOn:    map[string]error{},
		calls:     map[string]int{},
	}
}

func (f *fakeServer) add(acct string, known bool) *Account {
	a := &Account{ID: fmt.Sprint(len(f.accounts) + 1), Acct: acct}
	f.accounts[strings.ToLower(acct)] = a
	f.known[strings.ToLower(acct)] = known
	return a
}

func (f *fakeServer) Lookup(_ context.Context, acct string) (*Account, error) {
	f.calls["lookup"]++
	a, ok := f.accounts[strings.ToLower(acct)]
	if !ok || !f.known[strings.ToLower(acct)] {
		return nil, fmt.Errorf("%w: GET lookup", job.ErrNotFound)
	}
	return a, nil
}

func (f *fakeServer) Search(_ context.Context, q string) (*Account, error) {
	f.calls["search"]++
	if !strings.HasPrefix(q, "@") {
		return nil, errors.New("search without the leading @")
	}
	k := strings.ToLower(strings.TrimPrefix(q, "@"))
	a, ok := f.accounts[k]
	if !ok {
		return nil, nil
	}
	f.known[k] = true
	return a, nil
}

func (f *fakeServer) Self(context.Context) (Self, error) {
	s := f.self
	s.Following = len(f.following) + f.self.Following
	return s, nil
}

func (f *fakeServer) Following(context.Context) iter.Seq2[*Account, error] {
	return func(yield func(*Account, error) bool) {
		for _, a := range f.accounts {
			if f.following[a.ID] && !yield(a, nil) {
				return
			}
		}
	}
}

func (f *fakeServer) Follow(_ context.Context, id string, _ Options) (Relationship, error) {
	f.calls["follow"]++
	if err := f.failOn[id]; err != nil {
		return Relationship{}, err
	}
	f.budget--
	f.follows = append(f.follows, id)
	if f.requests[id] {
		return Relationship{Requested: true}, nil
	}
	f.following[id] = true
	return Relationship{Following: true}, nil
}

func (f *fakeServer) FollowBudget() Budget { return fakeBudget{f} }

type fakeBudget struct{ f *fakeServer }

func (b fakeBudget) Remaining() (int, time.Time) { return max(0, b.f.budget), b.f.reset }
func (b fakeBudget) ETA(n int) time.Time         { return b.f.reset.Add(time.Duration(n) * time.Minute) }

func (f *fakeServer) Lists(context.Context) ([]List, error) { return f.lists, nil }

func (f *fakeServer) CreateList(_ context.Context, title string) (List, error) {
	l := List{ID: fmt.Sprint("L", len(f.lists)+1), Title: title}
	f.lists = append(f.lists, l)
	f.members[l.ID] = map[string]bool{}
	return l, nil
}

func (f *fakeServer) ListMembers(_ context.Context, id string) ([]*Account, error) {
	var out []*Account
	for _, a := range f.accounts {
		if f.members[id][a.ID] {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f *fakeServer) AddToList(_ context.Context, listID, id string) error {
	if f.members[listID][id] {
		return fmt.Errorf("%w: 422", ErrAlreadyListed)
	}
	if !f.following[id] && !(f.requests[id] && !f.pendingOK) {
		return fmt.Errorf("%w: account not followed", job.ErrNotFound)
	}
	if f.requests[id] && !f.following[id] {
		return fmt.Errorf("%w: follow not accepted", job.ErrNotFound)
	}
	f.members[listID][id] = true
	return nil
}

func (f *fakeServer) Block(_ context.Context, id string) error {
	f.calls["block"]++
	if err := f.failOn[id]; err != nil {
		return err
	}
	f.blocked[id] = true
	return nil
}

func (f *fakeServer) Mute(_ context.Context, id string, _ bool) error {
	f.calls["mute"]++
	if err := f.failOn[id]; err != nil {
		return err
	}
	f.muted[id] = true
	return nil
}

func (f *fakeServer) Blocks(context.Context) iter.Seq2[*Account, error] {
	return f.having(f.blocked)
}

func (f *fakeServer) Mutes(context.Context) iter.Seq2[*Account, error] {
	return f.having(f.muted)
}

func (f *fakeServer) having(set map[string]bool) iter.Seq2[*Account, error] {
	return func(yield func(*Account, error) bool) {
		for _, a := range f.accounts {
			if set[a.ID] && !yield(a, nil) {
				return
			}
		}
	}
}

// journalStatus is the status of key's recorded outcome in j.
func journalStatus(j *jobtest.MemJournal, key string) Status {
	var r Result
	_ = json.Unmarshal(j.Outcomes[key], &r)
	return r.Status
}
