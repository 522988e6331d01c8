package follow

import (
	"context"
	"errors"
	"fmt"

	"github.com/fledge-cli/fledge/importer/job"
)

// maxMoves bounds a chain of moved accounts; a loop or a longer chain is
// reported instead of followed.
const maxMoves = 5

// resolve finds handle on the user's server: lookup first (cheap, only
// accounts the server knows), then a resolving search (WebFinger).
// Nothing found is (nil, nil).
func resolve(ctx context.Context, r Resolver, handle string) (*Account, error) {
	acct := normHandle(handle)
	a, err := r.Lookup(ctx, acct)
	if err == nil && a != nil {
		return a, nil
	}
	if err != nil && !errors.Is(err, job.ErrNotFound) {
		return nil, fmt.Errorf("look up %s: %w", acct, err)
	}
	a, err = r.Search(ctx, "@"+acct)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", acct, err)
	}
	return a, nil
}

// followMoves replaces a moved account by its final target. It errors
// on a loop or a chain longer than maxMoves.
func followMoves(a *Account) (*Account, error) {
	seen := map[string]bool{}
	for i := 0; a.MovedTo != nil; i++ {
		if i >= maxMoves || seen[a.ID] {
			return nil, fmt.Errorf("%w: account %s moved more than %d times or in a loop", job.ErrRefused, a.Acct, maxMoves)
		}
		seen[a.ID] = true
		a = a.MovedTo
	}
	return a, nil
}
