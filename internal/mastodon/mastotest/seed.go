package mastotest

import (
	"fmt"
	"time"
)

// SeedStatus adds a public status to a local account without a request,
// as if posted at at (backdated: imported with a past scheduled_at), so
// tests can give an account a long history quickly. Its id is made as
// for a posted status: from at when backdated, otherwise never below an
// earlier id. It returns the status id.
func (s *Server) SeedStatus(username, text string, at time.Time, backdated bool) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.local(username)
	if a == nil {
		return "", fmt.Errorf("mastotest: no local account %q", username)
	}
	st := s.createStatus(a, statusDraft{text: text, visibility: "public", language: "en"}, at, backdated, "")
	return st.id, nil
}
