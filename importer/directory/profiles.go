package directory

import (
	"context"
	"fmt"
	"hash/maphash"
	"strconv"
	"strings"
	"sync"

	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// ProfileTracker remembers which accounts the profile sources knew, so a
// directory can tell "no profile data" from "no handle in the profile":
// a match does not say which one it was.
//
// It may see 100k profiles (a --profiles file without an archive), so it
// keeps numbers, not strings: numeric ids as integers and screen names as
// 64-bit hashes of their lower case (two names would have to collide for
// an account to count as known; among 100k the odds are about 1 in 4·10⁹).
type ProfileTracker struct {
	mu       sync.Mutex
	ids      map[uint64]struct{}
	otherIDs map[string]struct{} // ids that are not canonical decimals
	names    map[uint64]struct{}
	seed     maphash.Seed
}

// NewProfileTracker returns an empty tracker.
func NewProfileTracker() *ProfileTracker {
	return &ProfileTracker{ids: map[uint64]struct{}{}, otherIDs: map[string]struct{}{}, names: map[uint64]struct{}{}, seed: maphash.MakeSeed()}
}

// idKey returns a canonical decimal id as a number.
func idKey(id string) (uint64, bool) {
	n, err := strconv.ParseUint(id, 10, 64)
	return n, err == nil && strconv.FormatUint(n, 10) == id
}

func (t *ProfileTracker) nameKey(screenName string) uint64 {
	return maphash.String(t.seed, strings.ToLower(screenName))
}

func (t *ProfileTracker) hasID(id string) bool {
	if n, ok := idKey(id); ok {
		_, has := t.ids[n]
		return has
	}
	_, has := t.otherIDs[id]
	return has
}

// Wrap returns sources that answer as srcs do and record every profile
// they return.
func (t *ProfileTracker) Wrap(srcs []matcher.ProfileSource) []matcher.ProfileSource {
	out := make([]matcher.ProfileSource, len(srcs))
	for i, s := range srcs {
		out[i] = trackedSource{src: s, t: t}
	}
	return out
}

// Has reports whether a source returned a profile for the account, by id
// or by screen name (compared case-insensitively, as Twitter does).
func (t *ProfileTracker) Has(id, screenName string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id != "" && t.hasID(id) {
		return true
	}
	_, has := t.names[t.nameKey(screenName)]
	return screenName != "" && has
}

// record notes the accounts of ps. Screen names are only kept when the
// source was asked by name: an account is looked up by id whenever its id
// is known, so after an id-only lookup (a whole archive) no one asks
// whether a name was known, and 100k names are not worth keeping.
func (t *ProfileTracker) record(ps []profiles.Profile, byName bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range ps {
		if n, ok := idKey(p.ID); ok {
			t.ids[n] = struct{}{}
		} else if p.ID != "" {
			t.otherIDs[p.ID] = struct{}{}
		}
		if byName && p.ScreenName != "" {
			t.names[t.nameKey(p.ScreenName)] = struct{}{}
		}
	}
}

type trackedSource struct {
	src matcher.ProfileSource
	t   *ProfileTracker
}

func (s trackedSource) Lookup(ctx context.Context, ids, screenNames []string) ([]profiles.Profile, error) {
	ps, err := s.src.Lookup(ctx, ids, screenNames)
	s.t.record(ps, len(screenNames) > 0)
	return ps, err
}

// String keeps the wrapped source's name in the pipeline's messages.
func (s trackedSource) String() string {
	if st, ok := s.src.(fmt.Stringer); ok {
		return st.String()
	}
	return fmt.Sprintf("%T", s.src)
}
