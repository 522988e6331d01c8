package mastotest

import (
	"slices"
	"time"
)

// Status is a created status, for assertions.
type Status struct {
	ID             string
	Text           string
	SpoilerText    string
	Visibility     string
	Language       string
	Sensitive      bool
	InReplyToID    string
	QuotedStatusID string
	MediaIDs       []string
	CreatedAt      time.Time
	// Backdated is true for GoToSocial backfilled statuses.
	Backdated      bool
	IdempotencyKey string
}

// ScheduledStatus is a pending scheduled status.
type ScheduledStatus struct {
	ID          string
	ScheduledAt time.Time
	Text        string
}

// Follow is one follow or pending follow request.
type Follow struct {
	Acct      string
	Requested bool
	Reblogs   bool
	Notify    bool
	Languages []string
}

// List is a list with the accts of its members.
type List struct {
	ID      string
	Title   string
	Members []string
}

// Media is an upload.
type Media struct {
	ID          string
	Type        string
	ContentType string
	FileName    string
	Description string
	FocusX      float64
	FocusY      float64
	Size        int64
	StatusID    string
}

func (s *Server) local(username string) *account {
	a := s.findAcct(username)
	if a == nil || !a.local() {
		return nil
	}
	return a
}

// Statuses returns username's statuses, oldest id first.
func (s *Server) Statuses(username string) []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDue()
	a := s.local(username)
	if a == nil {
		return nil
	}
	out := make([]Status, 0, len(a.statuses))
	for _, id := range a.statuses {
		st := s.statuses[id]
		v := Status{
			ID: st.id, Text: st.text, SpoilerText: st.spoiler, Visibility: st.visibility, Language: st.language,
			Sensitive: st.sensitive, CreatedAt: st.createdAt, Backdated: st.backdated, IdempotencyKey: st.idemKey,
		}
		if st.inReplyTo != nil {
			v.InReplyToID = st.inReplyTo.id
		}
		if st.quoted != nil {
			v.QuotedStatusID = st.quoted.id
		}
		for _, m := range st.media {
			v.MediaIDs = append(v.MediaIDs, m.id)
		}
		out = append(out, v)
	}
	return out
}

// ScheduledStatuses returns username's pending scheduled statuses, in
// order of their scheduled time.
func (s *Server) ScheduledStatuses(username string) []ScheduledStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDue()
	var out []ScheduledStatus
	for _, sc := range s.scheduled {
		if sc.owner.username == username {
			out = append(out, ScheduledStatus{ID: sc.id, ScheduledAt: sc.at, Text: sc.draft.text})
		}
	}
	slices.SortFunc(out, func(a, b ScheduledStatus) int { return a.ScheduledAt.Compare(b.ScheduledAt) })
	return out
}

func sortedFollows(a *account) []*follow {
	out := make([]*follow, 0, len(a.follows))
	for _, f := range a.follows {
		out = append(out, f)
	}
	slices.SortFunc(out, func(x, y *follow) int { return cmpID(x.id, y.id) })
	return out
}

// Follows returns the accts username follows or has requested to follow,
// in the order the follows were made.
func (s *Server) Follows(username string) []string {
	var out []string
	for _, f := range s.FollowDetails(username) {
		out = append(out, f.Acct)
	}
	return out
}

// FollowDetails is Follows with the options and pending state.
func (s *Server) FollowDetails(username string) []Follow {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.local(username)
	if a == nil {
		return nil
	}
	var out []Follow
	for _, f := range sortedFollows(a) {
		out = append(out, Follow{Acct: f.target.acct(), Requested: f.requested, Reblogs: f.reblogs, Notify: f.notify, Languages: slices.Clone(f.languages)})
	}
	return out
}

// AcceptFollowRequests turns username's pending follow requests into
// follows, as if the targets had accepted.
func (s *Server) AcceptFollowRequests(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.local(username); a != nil {
		for _, f := range a.follows {
			f.requested = false
		}
	}
}

// Lists returns username's lists.
func (s *Server) Lists(username string) []List {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.local(username)
	if a == nil {
		return nil
	}
	var out []List
	for _, l := range s.ownLists(a) {
		v := List{ID: l.id, Title: l.title}
		for _, m := range l.members {
			v.Members = append(v.Members, m.target.acct())
		}
		out = append(out, v)
	}
	return out
}

func (s *Server) marks(username string, pick func(*account) map[string]*mark) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.local(username)
	if a == nil {
		return nil
	}
	var out []string
	for _, m := range sortedMarks(pick(a)) {
		out = append(out, m.target.acct())
	}
	return out
}

// Blocks returns the accts username blocks.
func (s *Server) Blocks(username string) []string {
	return s.marks(username, func(a *account) map[string]*mark { return a.blocks })
}

// Mutes returns the accts username mutes.
func (s *Server) Mutes(username string) []string {
	return s.marks(username, func(a *account) map[string]*mark { return a.mutes })
}

// Media returns username's uploads, oldest first.
func (s *Server) Media(username string) []Media {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.local(username)
	if a == nil {
		return nil
	}
	var out []Media
	for _, m := range s.media {
		if m.owner == a {
			out = append(out, Media{
				ID: m.id, Type: m.kind, ContentType: m.contentType, FileName: m.filename, Description: m.description,
				FocusX: m.focusX, FocusY: m.focusY, Size: m.size, StatusID: m.statusID,
			})
		}
	}
	slices.SortFunc(out, func(x, y Media) int { return cmpID(x.ID, y.ID) })
	return out
}
