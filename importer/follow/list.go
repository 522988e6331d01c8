package follow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/fledge-cli/fledge/importer/job"
)

// List outcomes in Result.List.
const (
	listAdded   = "added"
	listAlready = "already"
	listPending = "pending" // the server wants an accepted follow; retried next run
	listFailed  = "failed"
)

// ErrAlreadyListed is what an adapter wraps a "has already been taken"
// answer (422) to adding a list member in.
var ErrAlreadyListed = errors.New("already a member of the list")

// List is a Mastodon list.
type List struct {
	ID    string
	Title string
}

// ListTarget is what --list needs from the server.
type ListTarget interface {
	Lists(ctx context.Context) ([]List, error)
	CreateList(ctx context.Context, title string) (List, error)
	ListMembers(ctx context.Context, listID string) ([]*Account, error)
	// AddToList adds one account. Wrap ErrNotFound when the server wants
	// a follow first (GoToSocial: an accepted one) and ErrAlreadyListed
	// when it is a member already.
	AddToList(ctx context.Context, listID, accountID string) error
}

type listState struct {
	target  ListTarget
	list    List
	members map[string]bool
	dryRun  bool
}

// openList finds the list with this title (exact, then ignoring case) or
// creates it, and reads its members once.
func openList(ctx context.Context, lt ListTarget, title string, dryRun bool) (*listState, error) {
	lists, err := lt.Lists(ctx)
	if err != nil {
		return nil, fmt.Errorf("read your lists: %w", err)
	}
	st := &listState{target: lt, members: map[string]bool{}, dryRun: dryRun}
	found := false
	for _, pass := range []func(a, b string) bool{func(a, b string) bool { return a == b }, strings.EqualFold} {
		for _, l := range lists {
			if !found && pass(l.Title, title) {
				st.list, found = l, true
			}
		}
	}
	switch {
	case found:
		ms, err := lt.ListMembers(ctx, st.list.ID)
		if err != nil {
			return nil, fmt.Errorf("read the members of list %q: %w", title, err)
		}
		for _, m := range ms {
			st.members[m.ID] = true
		}
	case dryRun:
		st.list = List{Title: title}
	default:
		if st.list, err = lt.CreateList(ctx, title); err != nil {
			return nil, fmt.Errorf("create list %q: %w", title, err)
		}
	}
	return st, nil
}

// add puts one account on the list and says how it went.
func (st *listState) add(ctx context.Context, id string) (string, error) {
	if st.members[id] {
		return listAlready, nil
	}
	if st.dryRun {
		return "", nil
	}
	err := st.target.AddToList(ctx, st.list.ID, id)
	switch {
	case err == nil:
		st.members[id] = true
		return listAdded, nil
	case errors.Is(err, ErrAlreadyListed):
		st.members[id] = true
		return listAlready, nil
	case errors.Is(err, job.ErrNotFound):
		return listPending, nil
	case errors.Is(err, job.ErrAuth), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "", err
	default:
		return listFailed, fmt.Errorf("add to list %q: %w", st.list.Title, err)
	}
}

// withList adds a followed account to the list (with --list) and records
// the outcome.
func (r *followRun) withList(ctx context.Context, key string, res Result, id string) (Result, bool, error) {
	if r.list != nil {
		outcome, err := r.list.add(ctx, id)
		if outcome == "" && err != nil {
			return Result{}, false, err
		}
		res.List = outcome
		if err != nil {
			res.Reason = strings.TrimPrefix(res.Reason+"; "+err.Error(), "; ")
		}
		if outcome == listPending || outcome == listFailed {
			// The follow is done; the list addition has its own key so a
			// later run can retry it.
			retry := Result{Handle: res.Handle, Account: res.Account, Status: StatusFailed, List: outcome, Reason: "list: " + outcome}
			if _, _, err := r.record(listKey(key), retry); err != nil {
				return Result{}, false, err
			}
		}
	}
	return r.record(key, res)
}

// listKey is the journal key of a list addition that must be retried.
func listKey(followKey string) string { return "list" + strings.TrimPrefix(followKey, "follow") }

// listDone overlays a later run's list outcome on an earlier follow.
func (r *followRun) listDone(key string, prev Result) Result {
	if data, ok := r.cfg.Journal.Outcome(listKey(key)); ok {
		if lr, err := decodeResult(key, data); err == nil && lr.Status.final() {
			prev.List = lr.List
		}
	}
	return prev
}

// retryList retries a list addition an earlier run left pending or failed.
func (r *followRun) retryList(ctx context.Context, key string, prev Result) (Result, error) {
	a, err := r.srv.Lookup(ctx, prev.Account)
	if err != nil || a == nil {
		if err != nil && (errors.Is(err, job.ErrAuth) || errors.Is(err, context.Canceled)) {
			return Result{}, err
		}
		return prev, nil // keep it pending; the next run tries again
	}
	outcome, err := r.list.add(ctx, a.ID)
	if outcome == "" && err != nil {
		return Result{}, err
	}
	prev.List = outcome
	lr := Result{Handle: prev.Handle, Account: prev.Account, Status: prev.Status, List: outcome}
	if outcome == listPending || outcome == listFailed {
		lr.Status, lr.Reason = StatusFailed, "list: "+outcome
	}
	if _, _, err := r.record(listKey(key), lr); err != nil {
		return Result{}, err
	}
	return prev, nil
}

// AwaitsApproval reports whether a journalled failure's reason is a list
// addition that waits for a follow request to be accepted: not a failure,
// it is retried by the next run.
func AwaitsApproval(reason string) bool { return reason == "list: "+listPending }
