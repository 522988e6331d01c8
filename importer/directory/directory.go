package directory

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/fledge-cli/fledge/importer/export"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/matcher"
)

// Directory is a community's accounts as an organizer shares them: who is
// on which fediverse server, and who could not be found yet.
type Directory struct {
	Title string
	// ListName names the list in lists.csv (and on the organizer's
	// account with --create-list).
	ListName string
	// Generated is when the directory was made; zero leaves it out.
	Generated time.Time
	Servers   []Server
	Unmatched []Unmatched
}

// Server is one fediverse server and the members whose handle is on it.
type Server struct {
	Domain  string
	Members []Member
}

// Member is one fediverse account of the directory.
type Member struct {
	// Handle is user@domain: the account to follow. For a moved account
	// it is the account it moved to (Mastodon refuses to follow the old
	// one).
	Handle string
	User   string
	Domain string
	// MovedFrom is the old handle when the account has moved.
	MovedFrom string
	// Status is how sure the match is: confirmed (the fediverse profile
	// links back to Twitter), verified (the account exists), bridged (a
	// Bluesky account Bridgy Fed bridges) or empty (not checked:
	// --offline).
	Status matcher.Status
	// Also lists the person's other accepted handles; only Handle goes
	// into the CSV files, so a member is followed once.
	Also []string
	// Twitter is the Twitter account (or, rarely, accounts) matched to
	// this handle.
	Twitter []TwitterAccount
}

// TwitterAccount names the Twitter side of a member or of an account
// still missing.
type TwitterAccount struct {
	ID         string `json:"id,omitempty"`
	ScreenName string `json:"screen_name,omitempty"`
	Name       string `json:"name,omitempty"`
}

// Label is @screen_name, or id:N when only the id is known.
func (t TwitterAccount) Label() string {
	if t.ScreenName != "" {
		return "@" + t.ScreenName
	}
	return "id:" + t.ID
}

// UnmatchedReason says why an account is not in the directory.
type UnmatchedReason string

const (
	// ReasonNoProfile: no profile source knew the account, so there was
	// nothing to read a handle from (and reverse lookup found nothing).
	ReasonNoProfile UnmatchedReason = "no_profile"
	// ReasonNoHandle: the profile was read but holds no usable handle.
	ReasonNoHandle UnmatchedReason = "no_handle"
	// ReasonUnreachable: a handle was found, but its server did not
	// answer, so it could not be checked; a later run may succeed.
	ReasonUnreachable UnmatchedReason = "unreachable"
)

// Explain is the reason in words, for people.
func (r UnmatchedReason) Explain() string {
	switch r {
	case ReasonNoProfile:
		return "no profile data to read a handle from"
	case ReasonUnreachable:
		return "a handle was found but its server did not answer"
	}
	return "no fediverse handle in the profile"
}

// Unmatched is an account the organizer may want to chase.
type Unmatched struct {
	TwitterAccount
	Reason UnmatchedReason `json:"reason"`
	// Candidates are the handles found but not usable, with why
	// ("@eve@down.example: unreachable").
	Candidates []string `json:"candidates,omitempty"`
}

// Options configure Build.
type Options struct {
	Title     string
	ListName  string // default Title
	Generated time.Time
	// HasProfile reports whether any profile source knew the account;
	// nil assumes every account had one (ProfileTracker.Has fits).
	HasProfile func(id, screenName string) bool
}

// DefaultTitle is the title when none is given.
const DefaultTitle = "Our group on the fediverse"

// Build groups matched accounts by the server of their best
// handle (the move target for a moved account) and lists the rest as
// unmatched. Servers are sorted by domain, members by user name,
// unmatched accounts by screen name. A handle matched from two Twitter
// accounts appears once, with both.
func Build(ms []matcher.Match, o Options) (*Directory, error) {
	d := &Directory{Title: dirOneLine(o.Title), ListName: strings.TrimSpace(o.ListName), Generated: o.Generated}
	if d.Title == "" {
		d.Title = DefaultTitle
	}
	if d.ListName == "" {
		d.ListName = d.Title
	}
	if err := (export.Options{ListName: d.ListName}).Validate(export.Lists); err != nil {
		return nil, fmt.Errorf("list name: %w", err)
	}
	byHandle := map[string]*Member{}
	var order []*Member
	for _, m := range ms {
		tw := TwitterAccount{ID: m.TwitterID, ScreenName: m.ScreenName, Name: m.Name}
		usable, rejected, unreachable := usableHandles(m)
		if len(usable) == 0 {
			d.Unmatched = append(d.Unmatched, unmatched(m, tw, rejected, unreachable, o.HasProfile))
			continue
		}
		best := usable[0]
		if have := byHandle[strings.ToLower(best.Handle)]; have != nil {
			have.Twitter = append(have.Twitter, tw)
			continue
		}
		best.Twitter = []TwitterAccount{tw}
		for _, u := range usable[1:] {
			best.Also = append(best.Also, u.Handle)
		}
		mb := best
		byHandle[strings.ToLower(mb.Handle)] = &mb
		order = append(order, &mb)
	}
	d.Servers = groupByServer(order)
	slices.SortStableFunc(d.Unmatched, func(a, b Unmatched) int {
		// Accounts known only by id go last.
		return cmp.Or(cmp.Compare(dirIDOnly(a), dirIDOnly(b)),
			cmp.Compare(strings.ToLower(a.ScreenName), strings.ToLower(b.ScreenName)), cmp.Compare(a.ID, b.ID))
	})
	return d, nil
}

func dirIDOnly(u Unmatched) int {
	if u.ScreenName == "" {
		return 1
	}
	return 0
}

// usableHandles turns a match's accepted handles into members, best
// first, moved accounts replaced by their target. Handles whose server
// could not be reached, and handles that are not usable addresses, are
// returned as rejected with why; unreachable says the former happened.
func usableHandles(m matcher.Match) (usable []Member, rejected []string, unreachable bool) {
	seen := map[string]bool{}
	for _, h := range m.Handles {
		c := candidateOf(m, h)
		mb := Member{}
		if c != nil {
			mb.Status = c.Status
		}
		if c != nil && c.Status == matcher.StatusUnreachable {
			rejected = append(rejected, "@"+strings.TrimPrefix(h, "@")+": "+string(matcher.StatusUnreachable))
			unreachable = true
			continue
		}
		target := h
		if c != nil && c.Status == matcher.StatusMoved && c.MovedTo != "" {
			target = c.MovedTo
			if old, err := memberAddress(h); err == nil {
				mb.MovedFrom = old
			}
		}
		addr, err := memberAddress(target)
		if err != nil {
			rejected = append(rejected, err.Error())
			continue
		}
		if seen[strings.ToLower(addr)] {
			continue
		}
		seen[strings.ToLower(addr)] = true
		mb.Handle = addr
		mb.User, mb.Domain, _ = strings.Cut(addr, "@")
		usable = append(usable, mb)
	}
	// Candidates the verifier turned down say why a profile with
	// something handle-like in it still has no match.
	if len(usable) == 0 {
		for _, c := range m.Candidates {
			switch c.Status {
			case matcher.StatusNotFound, matcher.StatusNotFediverse:
				rejected = append(rejected, "@"+strings.TrimPrefix(c.Handle, "@")+": "+strings.ReplaceAll(string(c.Status), "_", " "))
			case matcher.StatusNotBridged:
				// Someone to ask to turn bridging on: their Bluesky page.
				rejected = append(rejected, c.ProfileURL+": on Bluesky, not bridged")
			}
		}
	}
	return usable, rejected, unreachable
}

// candidateOf finds the candidate behind an accepted handle.
func candidateOf(m matcher.Match, h string) *matcher.Candidate {
	for i := range m.Candidates {
		if strings.EqualFold(m.Candidates[i].Handle, h) {
			return &m.Candidates[i]
		}
	}
	return nil
}

// unmatched says why an account has no usable handle. A handle whose
// server did not answer counts first: a later run may well reach it.
func unmatched(m matcher.Match, tw TwitterAccount, rejected []string, unreachable bool, hasProfile func(id, name string) bool) Unmatched {
	u := Unmatched{TwitterAccount: tw, Candidates: rejected, Reason: ReasonNoHandle}
	switch {
	case unreachable:
		u.Reason = ReasonUnreachable
	case len(m.Handles) == 0 && hasProfile != nil && !hasProfile(m.TwitterID, m.ScreenName):
		u.Reason = ReasonNoProfile
	}
	return u
}

// groupByServer sorts members into servers.
func groupByServer(members []*Member) []Server {
	idx := map[string]int{}
	var servers []Server
	for _, m := range members {
		i, ok := idx[m.Domain]
		if !ok {
			i = len(servers)
			idx[m.Domain] = i
			servers = append(servers, Server{Domain: m.Domain})
		}
		servers[i].Members = append(servers[i].Members, *m)
	}
	slices.SortFunc(servers, func(a, b Server) int { return cmp.Compare(a.Domain, b.Domain) })
	for _, s := range servers {
		slices.SortStableFunc(s.Members, func(a, b Member) int {
			return cmp.Or(cmp.Compare(strings.ToLower(a.User), strings.ToLower(b.User)), cmp.Compare(a.User, b.User))
		})
	}
	return servers
}

// Len is the number of members.
func (d *Directory) Len() int {
	n := 0
	for _, s := range d.Servers {
		n += len(s.Members)
	}
	return n
}

// Targets are the members as accounts to follow (and list), in
// directory order.
func (d *Directory) Targets() []follow.Target {
	var ts []follow.Target
	for _, s := range d.Servers {
		for _, m := range s.Members {
			t := follow.Target{Handle: m.Handle}
			if len(m.Twitter) > 0 {
				t.TwitterID, t.ScreenName = m.Twitter[0].ID, m.Twitter[0].ScreenName
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// memberAddress is ParseAddress with the stricter character set a
// directory needs: the address goes into links and into pages strangers
// read, so the user part may hold only letters,
// digits, "_", "." and "-", and the domain letters, digits, "." and "-".
func memberAddress(h string) (string, error) {
	addr, err := follow.ParseAddress(h)
	if err != nil {
		return "", err
	}
	user, domain, _ := strings.Cut(addr, "@")
	ok := func(s string, extra string) bool {
		for _, r := range s {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(extra, r) {
				return false
			}
		}
		return s != ""
	}
	if !ok(user, "_.-") || !ok(domain, ".-") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || !strings.Contains(domain, ".") {
		return "", fmt.Errorf("handle %.80q is not a usable fediverse address", h)
	}
	return addr, nil
}
