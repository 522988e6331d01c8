package matcher

import (
	"context"
	"fmt"
	"strings"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// DefaultReverseInstances are the large servers on which a reverse lookup
// guesses screen_name@instance when nothing better is known. Each guess is
// accepted only when the account links back to the Twitter account.
var DefaultReverseInstances = []string{
	"mastodon.social", "mastodon.online", "mas.to", "mstdn.social",
	"mastodon.world", "hachyderm.io", "fosstodon.org", "infosec.exchange",
}

// AccountSearcher searches accounts on the user's own Mastodon server
// (GET /api/v2/search?type=accounts). resolve=true lets that server fetch
// unknown remote accounts, which needs a logged-in token.
type AccountSearcher interface {
	SearchAccounts(ctx context.Context, query string, resolve bool) ([]RemoteAccount, error)
}

// RemoteAccount is an account as the Mastodon REST API returns it.
type RemoteAccount struct {
	Acct        string // "user" for local accounts, "user@domain" for remote ones
	URL         string // profile page
	DisplayName string
	Note        string // bio, HTML
	Fields      []ProfileField
	MovedTo     string // acct of the account it moved to, or ""
}

// actorFromRemote views a REST account as an Actor, for LinksBack and
// movedTo handling.
func actorFromRemote(r *RemoteAccount) *Actor {
	return &Actor{
		ID:                r.URL,
		PreferredUsername: strings.SplitN(r.Acct, "@", 2)[0],
		URL:               r.URL,
		Name:              r.DisplayName,
		Summary:           r.Note,
		Fields:            r.Fields,
		MovedTo:           r.MovedTo,
	}
}

// reverseConfidence is given to reverse-lookup candidates: they were not
// written anywhere, but they passed the strongest test there is, a link
// back from the fediverse profile to the Twitter account.
const reverseConfidence = 0.9

// ReverseLookup looks for p's fediverse account from the fediverse side:
// it searches the user's server for the screen name and display name (if a
// Searcher is set) and tries @screen_name@instance on each of instances.
// Only accounts whose profile links back to p's Twitter account are
// returned, verified, with Status confirmed or moved.
func (v *Verifier) ReverseLookup(ctx context.Context, p *profiles.Profile, instances []string) []Candidate {
	name := p.ScreenName
	if !validScreenNameForLink(name) {
		return nil
	}
	var out []Candidate
	seen := map[string]bool{}
	add := func(handle, evidence string) {
		ver := v.Verify(ctx, handle, name)
		if ver.Handle == "" || seen[strings.ToLower(ver.Handle)] {
			return
		}
		if ver.Status != StatusConfirmed && !(ver.Status == StatusMoved && LinksBack(ver.Actor, name)) {
			return
		}
		seen[strings.ToLower(ver.Handle)] = true
		out = append(out, Candidate{
			Handle: ver.Handle, Field: FieldReverse, Form: FormReverse,
			Evidence: evidence, Confidence: reverseConfidence,
			Status: ver.Status, MovedTo: ver.MovedTo, Reason: ver.Reason, refused: ver.Refused,
		})
	}
	if v.searcher != nil {
		queries := []string{name}
		if dn := strings.TrimSpace(p.Name); dn != "" && !strings.EqualFold(dn, name) {
			queries = append(queries, dn)
		}
		for _, q := range queries {
			accts, err := v.searcher.SearchAccounts(ctx, q, false)
			if err != nil {
				continue
			}
			for i := range accts {
				a := &accts[i]
				// Cheap filter before any network request.
				if !LinksBack(actorFromRemote(a), name) {
					continue
				}
				if h, ok := remoteHandle(a); ok {
					add(h, fmt.Sprintf("found by searching your server for %q; the profile links back to @%s", q, name))
				}
			}
		}
	}
	for _, inst := range instances {
		h, ok := CanonicalHandle(name, strings.TrimSpace(inst))
		if !ok || seen[strings.ToLower(h)] {
			continue
		}
		add(h, fmt.Sprintf("guessed %s; the profile links back to @%s", h, name))
	}
	return out
}

// remoteHandle builds @user@domain for a REST account; local accounts
// ("user") take the domain of their profile URL.
func remoteHandle(a *RemoteAccount) (string, bool) {
	if user, domain, ok := strings.Cut(a.Acct, "@"); ok {
		return CanonicalHandle(user, domain)
	}
	host := urlHost(a.URL)
	if host == "" {
		return "", false
	}
	return CanonicalHandle(a.Acct, host)
}
