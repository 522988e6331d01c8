package mock_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/mock"
)

func photo() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("jpeg")), nil }

// The fake Poster keeps the promises importer relies on from a server.
func TestPoster(t *testing.T) {
	ctx := context.Background()
	p := &mock.Poster{}
	m, err := p.UploadMedia(ctx, importer.MediaRequest{FileName: "a.jpg", Description: "alt", Open: photo})
	if err != nil {
		t.Fatal(err)
	}
	first, err := p.PostStatus(ctx, importer.StatusRequest{Text: "one", MediaIDs: []string{m}, IdempotencyKey: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	// A repeated key answers the first status; a reply needs its parent.
	if again, _ := p.PostStatus(ctx, importer.StatusRequest{Text: "one", IdempotencyKey: "k1"}); again.ID != first.ID {
		t.Errorf("same key: %s, want %s", again.ID, first.ID)
	}
	if _, err := p.PostStatus(ctx, importer.StatusRequest{Text: "r", InReplyToID: "404"}); !errors.Is(err, job.ErrNotFound) {
		t.Errorf("reply to a missing status: %v", err)
	}
	if _, err := p.PostStatus(ctx, importer.StatusRequest{Text: "x", MediaIDs: []string{"m404"}}); !errors.Is(err, job.ErrRefused) {
		t.Errorf("unknown media: %v", err)
	}
	second, _ := p.PostStatus(ctx, importer.StatusRequest{Text: "two", InReplyToID: first.ID})
	var ids []string
	for rs, err := range p.RecentStatuses(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rs.ID)
	}
	if strings.Join(ids, " ") != second.ID+" "+first.ID {
		t.Errorf("recent %v, want newest first", ids)
	}
	if err := p.DeleteStatus(ctx, first.ID); err != nil || len(p.Statuses()) != 1 {
		t.Errorf("delete: %v, %d left", err, len(p.Statuses()))
	}
	if err := p.DeleteStatus(ctx, first.ID); !errors.Is(err, job.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if got := p.Media()[m]; got.Description != "alt" || got.Open != nil {
		t.Errorf("media %+v", got)
	}
	p.Fail = func(method string) error {
		if method == "PostStatus" {
			return job.ErrAuth
		}
		return nil
	}
	if _, err := p.PostStatus(ctx, importer.StatusRequest{Text: "x"}); !errors.Is(err, job.ErrAuth) {
		t.Errorf("Fail not asked: %v", err)
	}
}

func TestFollowerLists(t *testing.T) {
	ctx := context.Background()
	f := mock.NewFollower()
	a := f.Add("a@x.example", true)
	b := f.Add("b@x.example", true)
	f.Requests[b.ID] = true
	for _, id := range []string{a.ID, b.ID} {
		if _, err := f.Follow(ctx, id, follow.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	l, _ := f.CreateList(ctx, "friends")
	if err := f.AddToList(ctx, l.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.AddToList(ctx, l.ID, a.ID); !errors.Is(err, follow.ErrAlreadyListed) {
		t.Errorf("second add: %v", err)
	}
	if err := f.AddToList(ctx, l.ID, b.ID); !errors.Is(err, job.ErrNotFound) {
		t.Errorf("add of a requested follow: %v", err)
	}
	f.RequestsListable = true
	if err := f.AddToList(ctx, l.ID, b.ID); err != nil {
		t.Errorf("add of a requested follow where the server allows it: %v", err)
	}
	ms, _ := f.ListMembers(ctx, l.ID)
	if len(ms) != 2 || ms[0].Acct != "a@x.example" {
		t.Errorf("members %+v", ms)
	}
	if self, _ := f.Self(ctx); self.Following != 1 {
		t.Errorf("following %d, want 1 (the other is a request)", self.Following)
	}
	if n, _ := f.FollowBudget().Remaining(); n != 1<<30-2 {
		t.Errorf("budget %d", n)
	}
}
