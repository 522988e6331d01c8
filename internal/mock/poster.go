package mock

import (
	"context"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/importer/job"
)

// Poster is an in-memory importer.Poster. Statuses get ids "1", "2", …
// and are listed newest first; a repeated Idempotency-Key answers the
// first status again, as Mastodon does. Fail, when set, is asked before
// every call with the method's name ("PostStatus", "UploadMedia",
// "RecentStatuses", "DeleteStatus") and an error it returns is the call's;
// it must be safe for concurrent use, as uploads run beside posts.
type Poster struct {
	mu       sync.Mutex
	Fail     func(method string) error
	Now      func() time.Time // creation time of new statuses (default time.Now)
	statuses []Status
	media    map[string]importer.MediaRequest
	keys     map[string]string // idempotency key → status id
	lastID   int
}

// Status is a status on the fake server.
type Status struct {
	importer.StatusRequest
	ID        string
	CreatedAt time.Time
}

var _ importer.Poster = (*Poster)(nil)

func (p *Poster) fail(method string) error {
	if p.Fail == nil {
		return nil
	}
	return p.Fail(method)
}

func (p *Poster) newID() string {
	p.lastID++
	return strconv.Itoa(p.lastID)
}

func (p *Poster) PostStatus(_ context.Context, s importer.StatusRequest) (importer.PostedStatus, error) {
	if err := p.fail("PostStatus"); err != nil {
		return importer.PostedStatus{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if id, ok := p.keys[s.IdempotencyKey]; ok && s.IdempotencyKey != "" {
		return importer.PostedStatus{ID: id, URL: statusURL(id)}, nil
	}
	for _, m := range s.MediaIDs {
		if _, ok := p.media[m]; !ok {
			return importer.PostedStatus{}, fmt.Errorf("%w: media %s was not uploaded", job.ErrRefused, m)
		}
	}
	if s.InReplyToID != "" && p.find(s.InReplyToID) < 0 {
		return importer.PostedStatus{}, fmt.Errorf("%w: status %s to reply to", job.ErrNotFound, s.InReplyToID)
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	st := Status{StatusRequest: s, ID: p.newID(), CreatedAt: now()}
	if !s.ScheduledAt.IsZero() {
		st.CreatedAt = s.ScheduledAt // backdated
	}
	p.statuses = append(p.statuses, st)
	if s.IdempotencyKey != "" {
		if p.keys == nil {
			p.keys = map[string]string{}
		}
		p.keys[s.IdempotencyKey] = st.ID
	}
	return importer.PostedStatus{ID: st.ID, URL: statusURL(st.ID)}, nil
}

func statusURL(id string) string { return "https://mock.example/@me/" + id }

func (p *Poster) find(id string) int {
	return slices.IndexFunc(p.statuses, func(s Status) bool { return s.ID == id })
}

// UploadMedia reads the whole file, as a server would, and keeps the
// request (without its opener) for Media.
func (p *Poster) UploadMedia(_ context.Context, m importer.MediaRequest) (string, error) {
	if err := p.fail("UploadMedia"); err != nil {
		return "", err
	}
	rc, err := m.Open()
	if err != nil {
		return "", err
	}
	_, err = io.Copy(io.Discard, rc)
	rc.Close()
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.media == nil {
		p.media = map[string]importer.MediaRequest{}
	}
	id := "m" + p.newID()
	m.Open = nil
	p.media[id] = m
	return id, nil
}

func (p *Poster) RecentStatuses(context.Context) iter.Seq2[importer.RemoteStatus, error] {
	return func(yield func(importer.RemoteStatus, error) bool) {
		if err := p.fail("RecentStatuses"); err != nil {
			yield(importer.RemoteStatus{}, err)
			return
		}
		sts := p.Statuses()
		for i := len(sts) - 1; i >= 0; i-- {
			s := sts[i]
			rs := importer.RemoteStatus{ID: s.ID, URL: statusURL(s.ID), Text: s.Text, InReplyToID: s.InReplyToID,
				Media: len(s.MediaIDs), CreatedAt: s.CreatedAt}
			if !yield(rs, nil) {
				return
			}
		}
	}
}

func (p *Poster) DeleteStatus(_ context.Context, id string) error {
	if err := p.fail("DeleteStatus"); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	i := p.find(id)
	if i < 0 {
		return fmt.Errorf("%w: status %s", job.ErrNotFound, id)
	}
	p.statuses = slices.Delete(p.statuses, i, i+1)
	return nil
}

// Statuses returns the statuses on the server, oldest first.
func (p *Poster) Statuses() []Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.statuses)
}

// Media returns the uploads by id.
func (p *Poster) Media() map[string]importer.MediaRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.media)
}
