package mock

import (
	"context"
	"sync"

	"github.com/fledge-cli/fledge/importer/profile"
)

// ProfileServer is an in-memory profile.Target that keeps a
// profile the way Mastodon does: fields are replaced as a whole, and an
// uploaded image gets a new URL named by its content.
type ProfileServer struct {
	mu      sync.Mutex
	Profile profile.Current
	Updates int   // updates applied
	Err     error // when set, Update fails with it and changes nothing
}

var _ profile.Target = (*ProfileServer)(nil)

func (s *ProfileServer) Current(context.Context) (profile.Current, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.copy(), nil
}

func (s *ProfileServer) Update(_ context.Context, u profile.Update) (profile.Current, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return profile.Current{}, s.Err
	}
	s.Updates++
	if u.DisplayName != nil {
		s.Profile.DisplayName = *u.DisplayName
	}
	if u.Note != nil {
		s.Profile.Note = *u.Note
	}
	if u.Fields != nil {
		s.Profile.Fields = append([]profile.Field(nil), (*u.Fields)...)
	}
	if u.Avatar != nil {
		s.Profile.AvatarURL = imageURL("avatars", u.Avatar)
	}
	if u.Header != nil {
		s.Profile.HeaderURL = imageURL("headers", u.Header)
	}
	return s.copy(), nil
}

func (s *ProfileServer) copy() profile.Current {
	p := s.Profile
	p.Fields = append([]profile.Field(nil), p.Fields...)
	return p
}

func imageURL(dir string, img *profile.Image) string {
	name := img.SHA256
	if len(name) > 8 {
		name = name[:8]
	}
	return "https://files.example/" + dir + "/" + name
}
