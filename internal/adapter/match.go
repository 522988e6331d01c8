package adapter

import (
	"context"
	"strings"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/matcher"
)

// Searcher lets the matcher search the user's own server
// (matcher.AccountSearcher) through our Mastodon client.
type Searcher struct {
	c      *mastodon.Client
	domain string // the user's server, for local accounts' bare acct
}

var _ matcher.AccountSearcher = Searcher{}

// NewSearcher returns a Searcher on c's server, whose handles are on
// domain.
func NewSearcher(c *mastodon.Client, domain string) Searcher {
	return Searcher{c: c, domain: domain}
}

func (s Searcher) SearchAccounts(ctx context.Context, query string, resolve bool) ([]matcher.RemoteAccount, error) {
	accts, err := s.c.SearchAccounts(ctx, query, resolve, 10)
	if err != nil {
		return nil, err
	}
	out := make([]matcher.RemoteAccount, 0, len(accts))
	for _, a := range accts {
		out = append(out, s.remote(a))
	}
	return out, nil
}

func (s Searcher) remote(a *mastodon.Account) matcher.RemoteAccount {
	r := matcher.RemoteAccount{
		Acct:        fullAcct(a.Acct, s.domain),
		URL:         a.URL,
		DisplayName: a.DisplayName,
		Note:        a.Note,
	}
	for _, f := range a.Fields {
		r.Fields = append(r.Fields, matcher.ProfileField{Name: f.Name, Value: f.Value})
	}
	if a.Moved != nil {
		r.MovedTo = fullAcct(a.Moved.Acct, s.domain)
	}
	return r
}

// fullAcct turns Mastodon's acct (bare "user" for local accounts) into
// user@domain.
func fullAcct(acct, domain string) string {
	acct = strings.TrimPrefix(acct, "@")
	if acct != "" && !strings.Contains(acct, "@") && domain != "" {
		return acct + "@" + domain
	}
	return acct
}

// ServerFollowing reads the handles the account already follows, for
// --exclude-following-server.
func ServerFollowing(ctx context.Context, c *mastodon.Client, domain string) (matcher.HandleSet, error) {
	set := matcher.HandleSet{}
	for a, err := range c.Following(ctx) {
		if err != nil {
			return nil, err
		}
		set.Add(fullAcct(a.Acct, domain))
	}
	return set, nil
}
