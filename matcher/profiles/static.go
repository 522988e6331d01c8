package profiles

import (
	"context"
	"strings"
)

// StaticSource serves profiles held in memory, such as those read from a
// --profiles file.
type StaticSource struct {
	// Name labels the source in messages; default "profiles file".
	Name   string
	byID   map[string]*Profile
	byName map[string]*Profile
}

// NewStaticSource indexes ps by id and by lower-cased screen name. Later
// profiles for the same account replace earlier ones.
func NewStaticSource(ps []Profile) *StaticSource {
	s := &StaticSource{byID: map[string]*Profile{}, byName: map[string]*Profile{}}
	for i := range ps {
		p := &ps[i]
		if p.ID != "" {
			s.byID[p.ID] = p
		}
		if p.ScreenName != "" {
			s.byName[strings.ToLower(p.ScreenName)] = p
		}
	}
	return s
}

// Len reports how many distinct profiles the source holds.
func (s *StaticSource) Len() int {
	seen := map[*Profile]bool{}
	for _, p := range s.byID {
		seen[p] = true
	}
	for _, p := range s.byName {
		seen[p] = true
	}
	return len(seen)
}

func (s *StaticSource) String() string {
	if s.Name != "" {
		return s.Name
	}
	return "profiles file"
}

// Lookup implements matcher.ProfileSource.
func (s *StaticSource) Lookup(_ context.Context, ids, screenNames []string) ([]Profile, error) {
	var out []Profile
	for _, id := range ids {
		if p, ok := s.byID[id]; ok {
			out = append(out, *p)
		}
	}
	for _, n := range screenNames {
		if p, ok := s.byName[strings.ToLower(n)]; ok {
			out = append(out, *p)
		}
	}
	return out, nil
}
