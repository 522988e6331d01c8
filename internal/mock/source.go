package mock

import (
	"context"

	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// ProfileSource is a matcher.ProfileSource answering through LookupFunc.
// (profiles.NewStaticSource is the in-memory one that answers by id and
// name; this one lets a test answer anything, errors included.)
type ProfileSource struct {
	LookupFunc func(ctx context.Context, ids, screenNames []string) ([]profiles.Profile, error)
}

var _ matcher.ProfileSource = (*ProfileSource)(nil)

func (s *ProfileSource) Lookup(ctx context.Context, ids, screenNames []string) ([]profiles.Profile, error) {
	return s.LookupFunc(ctx, ids, screenNames)
}

// Answer returns a ProfileSource whose every lookup answers ps and err.
func Answer(ps []profiles.Profile, err error) *ProfileSource {
	return &ProfileSource{LookupFunc: func(context.Context, []string, []string) ([]profiles.Profile, error) {
		return ps, err
	}}
}

// AccountSearcher is a matcher.AccountSearcher answering through
// SearchAccountsFunc.
type AccountSearcher struct {
	SearchAccountsFunc func(ctx context.Context, query string, resolve bool) ([]matcher.RemoteAccount, error)
}

var _ matcher.AccountSearcher = (*AccountSearcher)(nil)

func (s *AccountSearcher) SearchAccounts(ctx context.Context, query string, resolve bool) ([]matcher.RemoteAccount, error) {
	return s.SearchAccountsFunc(ctx, query, resolve)
}
