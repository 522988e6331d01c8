package importer

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/fledge-cli/fledge/matcher"
)

// ProfileTracker remembers which accounts the profile sources knew, so a
// directory can tell "no profile data" from "no handle in the profile":
// a match does not say which one it was.
type ProfileTracker struct {
	mu    sync.Mutex
	ids   map[string]bool
	names map[string]bool
}

// NewProfileTracker returns an empty tracker.
func NewProfileTracker() *ProfileTracker {
	return &ProfileTracker{ids: map[string]bool{}, names: map[string]bool{}}
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
	return id != "" && t.ids[id] || screenName != "" && t.names[strings.ToLower(screenName)]
}

func (t *ProfileTracker) record(ps []matcher.Profile) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range ps {
		if p.ID != "" {
			t.ids[p.ID] = true
		}
		if p.ScreenName != "" {
			t.names[strings.ToLower(p.ScreenName)] = true
		}
	}
}

type trackedSource struct {
	src matcher.ProfileSource
	t   *ProfileTracker
}

func (s trackedSource) Lookup(ctx context.Context, ids, screenNames []string) ([]matcher.Profile, error) {
	ps, err := s.src.Lookup(ctx, ids, screenNames)
	s.t.record(ps)
	return ps, err
}

// String keeps the wrapped source's name in the pipeline's messages.
func (s trackedSource) String() string {
	if st, ok := s.src.(fmt.Stringer); ok {
		return st.String()
	}
	return fmt.Sprintf("%T", s.src)
}
