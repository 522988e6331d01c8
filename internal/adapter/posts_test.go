package adapter_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

func TestPosterPostAndUpload(t *testing.T) {
	ctx := context.Background()
	s, c := serve(t, mastotest.Options{}, mastotest.AccountOptions{})
	p := adapter.NewPoster(c)

	media, err := p.UploadMedia(ctx, importer.MediaRequest{FileName: "cat.png", ContentType: "image/png", Description: "a cat", Open: pngFile})
	if err != nil || media == "" {
		t.Fatalf("upload: %q, %v", media, err)
	}
	first, err := p.PostStatus(ctx, importer.StatusRequest{Text: "first", Visibility: "unlisted", Language: "en", MediaIDs: []string{media}, IdempotencyKey: "k1"})
	if err != nil || first.ID == "" || first.URL == "" || first.Scheduled {
		t.Fatalf("post: %+v, %v", first, err)
	}
	reply, err := p.PostStatus(ctx, importer.StatusRequest{Text: "second", Visibility: "unlisted", InReplyToID: first.ID, IdempotencyKey: "k2"})
	if err != nil {
		t.Fatal(err)
	}
	// The same key answers the first status again instead of a duplicate.
	again, err := p.PostStatus(ctx, importer.StatusRequest{Text: "first", Visibility: "unlisted", Language: "en", MediaIDs: []string{media}, IdempotencyKey: "k1"})
	if err != nil || again.ID != first.ID {
		t.Errorf("repeat with the same key: %+v, %v; want status %s", again, err, first.ID)
	}

	sts := s.Statuses("me")
	if len(sts) != 2 {
		t.Fatalf("the server holds %d statuses, want 2: %+v", len(sts), sts)
	}
	byID := map[string]mastotest.Status{sts[0].ID: sts[0], sts[1].ID: sts[1]}
	if got := byID[first.ID]; got.Text != "first" || got.Visibility != "unlisted" || got.Language != "en" ||
		!slices.Equal(got.MediaIDs, []string{media}) || got.IdempotencyKey != "k1" {
		t.Errorf("first status on the server: %+v", got)
	}
	if got := byID[reply.ID]; got.InReplyToID != first.ID {
		t.Errorf("reply on the server: %+v, want in reply to %s", got, first.ID)
	}
	if m := s.Media("me"); len(m) != 1 || m[0].Description != "a cat" || m[0].FileName != "cat.png" {
		t.Errorf("media on the server: %+v", m)
	}

	// The history reads back as plain text, newest first, with threads.
	var got []importer.RemoteStatus
	for rs, err := range p.RecentStatuses(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rs)
	}
	if len(got) != 2 || got[0].ID != reply.ID || got[0].Text != "second" || got[0].InReplyToID != first.ID ||
		got[1].ID != first.ID || got[1].Media != 1 || got[1].CreatedAt.IsZero() {
		t.Errorf("recent statuses: %+v", got)
	}

	if err := p.DeleteStatus(ctx, reply.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Statuses("me")); n != 1 {
		t.Errorf("after the delete the server holds %d statuses, want 1", n)
	}
}

// GoToSocial backdates through scheduled_at and lists statuses by date.
func TestPosterBackdatedOnGoToSocial(t *testing.T) {
	ctx := context.Background()
	s, c := serve(t, mastotest.Options{Software: mastotest.GoToSocial}, mastotest.AccountOptions{})
	p := adapter.NewPoster(c)
	when := time.Date(2019, 5, 1, 12, 0, 0, 0, time.UTC)
	st, err := p.PostStatus(ctx, importer.StatusRequest{Text: "from 2019", Visibility: "public", ScheduledAt: when})
	if err != nil || st.ID == "" {
		t.Fatalf("post: %+v, %v", st, err)
	}
	if sts := s.Statuses("me"); len(sts) != 1 || !sts[0].Backdated || !sts[0].CreatedAt.Equal(when) {
		t.Errorf("the server holds %+v; want one status backdated to %v", sts, when)
	}
	var ids []string
	for rs, err := range p.StatusesCreatedBetween(ctx, when.Add(-time.Hour), when.Add(time.Hour)) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rs.ID)
	}
	if !slices.Equal(ids, []string{st.ID}) {
		t.Errorf("statuses around %v: %v, want [%s]", when, ids, st.ID)
	}
}

// ServerTraits, EstimateLimits and DeletePace read what the client knows
// of the server, per software.
func TestServerTraitsAndLimits(t *testing.T) {
	ctx := context.Background()
	for _, sw := range []string{mastotest.Mastodon, mastotest.GoToSocial} {
		s := mastotest.New(mastotest.Options{Software: sw})
		t.Cleanup(s.Close)
		s.AddAccount("me", mastotest.AccountOptions{})
		c := client(t, s, s.Token("me"))
		prof, err := c.Profile(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tr := adapter.ServerTraits(prof)
		want := map[string][2]int{mastotest.Mastodon: {500, 4}, mastotest.GoToSocial: {5000, 6}}[sw]
		if tr.Software != sw || tr.MaxChars != want[0] || tr.MaxMedia != want[1] || tr.CanBackdate != (sw == mastotest.GoToSocial) ||
			tr.Version == "" || len(tr.SupportedMIME) == 0 || tr.ImageSizeLimit == 0 {
			t.Errorf("%s: traits %+v", sw, tr)
		}
		lim := adapter.EstimateLimits(c)
		if lim.Requests.N == 0 || lim.Pace == nil || lim.Headroom <= 0 {
			t.Errorf("%s: estimate limits %+v", sw, lim)
		}
		if sw == mastotest.Mastodon && (lim.Statuses.N == 0 || lim.Media.N == 0) {
			t.Errorf("%s: no status or media bucket in %+v", sw, lim)
		}
		if d := adapter.DeletePace(c); d(1000) <= d(1) {
			t.Errorf("%s: deleting 1000 statuses paced %v, no longer than one (%v)", sw, d(1000), d(1))
		}
	}
}

func TestPosterScheduledAnswer(t *testing.T) {
	// Mastodon schedules a status dated in the future instead of posting it.
	s, c := serve(t, mastotest.Options{}, mastotest.AccountOptions{})
	st, err := adapter.NewPoster(c).PostStatus(context.Background(), importer.StatusRequest{
		Text: "later", Visibility: "public", ScheduledAt: time.Now().Add(24 * time.Hour)})
	if err != nil || !st.Scheduled || st.ID == "" {
		t.Fatalf("post: %+v, %v; want scheduled", st, err)
	}
	if sc := s.ScheduledStatuses("me"); len(sc) != 1 || sc[0].ID != st.ID || !strings.Contains(sc[0].Text, "later") {
		t.Errorf("scheduled on the server: %+v", sc)
	}
}

// DefaultEstimateLimits, the estimate without a client, are the limits a
// client paces a Mastodon server by, and Mastodon's documented ones.
func TestDefaultEstimateLimits(t *testing.T) {
	s := mastotest.New(mastotest.Options{Software: mastotest.Mastodon})
	t.Cleanup(s.Close)
	s.AddAccount("me", mastotest.AccountOptions{})
	c := client(t, s, s.Token("me"))
	if _, err := c.Profile(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, fromClient := adapter.DefaultEstimateLimits(), adapter.EstimateLimits(c)
	if got.Pace != nil {
		t.Error("default limits have a pacer's schedule; they should be spent at their even rate")
	}
	fromClient.Pace = nil
	if !reflect.DeepEqual(got, fromClient) {
		t.Errorf("default limits %+v, a Mastodon client's %+v", got, fromClient)
	}
	want := importer.EstimateLimits{
		Statuses: importer.RateLimit{N: 300, Per: 3 * time.Hour},
		Media:    importer.RateLimit{N: 30, Per: 30 * time.Minute},
		Requests: importer.RateLimit{N: 300, Per: 5 * time.Minute},
		Headroom: 0.10,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("default limits %+v, want Mastodon's %+v", got, want)
	}
}
