package matcher

import (
	"slices"
	"strings"
)

// Summary counts the accounts of a run. Each count is of Twitter
// accounts, not handles:
//
//   - Scanned: accounts processed.
//   - Matched: accounts left with at least one handle (after exclusions).
//   - Confirmed: matched accounts with a handle whose profile links back.
//   - Moved: matched accounts with a handle that moved (the target is used).
//   - Unreachable: accounts with an accepted candidate whose server could
//     not be reached (timeouts, refused or private hosts, open circuits).
//   - Refused: accounts with an accepted candidate (or a bridge or
//     channel probe) the network guard refused somewhere on the way (its
//     host, its actor, its move target):
//     a private address without --allow-private-network, or behind a
//     proxy a name that does not resolve here. Each candidate's reason
//     says which and what would allow it.
//   - NoProfile: accounts no profile source knew; at most a screen name
//     from the archive or --handles was available.
//   - Excluded: accounts whose every handle is already followed.
//   - Bridged: matched accounts with a Bluesky handle Bridgy Fed bridges.
//   - NotBridged: unmatched accounts on Bluesky that Bridgy Fed does not
//     bridge (the person could ask them to turn it on).
type Summary struct {
	Scanned     int `json:"scanned"`
	Matched     int `json:"matched"`
	Confirmed   int `json:"confirmed"`
	Moved       int `json:"moved"`
	Unreachable int `json:"unreachable"`
	Refused     int `json:"refused"`
	NoProfile   int `json:"no_profile"`
	Excluded    int `json:"excluded"`
	Bridged     int `json:"bridged"`
	NotBridged  int `json:"not_bridged"`
}

// outcome is what one account adds to the Summary.
type outcome struct {
	matched, confirmed, moved, unreachable, refused, noProfile, excluded bool
	bridged, notBridged                                                  bool
}

func (p *Pipeline) count(o outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.summary
	s.Scanned++
	for _, c := range []struct {
		on bool
		n  *int
	}{
		{o.matched, &s.Matched}, {o.confirmed, &s.Confirmed}, {o.moved, &s.Moved},
		{o.unreachable, &s.Unreachable}, {o.refused, &s.Refused}, {o.noProfile, &s.NoProfile}, {o.excluded, &s.Excluded},
		{o.bridged, &s.Bridged}, {o.notBridged, &s.NotBridged},
	} {
		if c.on {
			*c.n++
		}
	}
}

// statusRank orders accepted handles: proof that the fediverse profile
// links back beats a mere existence check, which beats no check at all.
func statusRank(s Status) int {
	switch s {
	case StatusConfirmed:
		return 0
	case StatusMoved:
		return 1
	case StatusVerified, StatusBridged:
		return 2
	case StatusUnverified:
		return 3
	case StatusUnreachable:
		return 4
	}
	return 5 // not_found, not_fediverse: never a handle
}

// chooseHandles picks the handles to report from the accepted candidates
// (verified or not), best first, without those already followed.
func chooseHandles(accepted []Candidate, exclude HandleSet) ([]string, outcome) {
	var o outcome
	ranked := make([]Candidate, 0, len(accepted))
	for _, c := range accepted {
		if c.Status == StatusUnreachable {
			o.unreachable = true
		}
		if c.refused {
			o.refused = true
		}
		if statusRank(c.Status) < 5 {
			ranked = append(ranked, c)
		}
	}
	slices.SortStableFunc(ranked, func(a, b Candidate) int {
		return statusRank(a.Status) - statusRank(b.Status)
	})
	var handles []string
	seen := map[string]bool{}
	had := false
	for _, c := range ranked {
		key := strings.ToLower(c.Handle)
		if seen[key] {
			continue
		}
		seen[key] = true
		had = true
		if exclude.Has(c.Handle) || c.MovedTo != "" && exclude.Has(c.MovedTo) {
			continue
		}
		handles = append(handles, c.Handle)
		switch c.Status {
		case StatusConfirmed:
			o.confirmed = true
		case StatusMoved:
			o.moved = true
		case StatusBridged:
			o.bridged = true
		}
	}
	o.matched = len(handles) > 0
	o.excluded = had && len(handles) == 0
	return handles, o
}
