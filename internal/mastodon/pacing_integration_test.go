package mastodon_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
	"github.com/fledge-cli/fledge/internal/retry"
)

// Once the client knows the server is GoToSocial it paces by GoToSocial's
// request limit alone, and follows an admin's own limit from the headers:
// 40 posts and 40 deletions (Mastodon would stop at 30 deletions per
// 30 min) go without a wait against a server allowing 1,000 requests.
func TestClientPacesGoToSocialByItsHeaders(t *testing.T) {
	var waits []mastodon.WaitEvent
	s, c := newPair(t, mastotest.Options{Software: mastotest.GoToSocial, Limits: mastotest.Limits{API: mastotest.Limit{N: 1000, Per: 5 * time.Minute}}},
		mastodon.Options{Limits: map[mastodon.Bucket]mastodon.Limit{}, OnWait: func(e mastodon.WaitEvent) { waits = append(waits, e) }})
	ctx := context.Background()
	prof, err := c.Profile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if prof.Software != mastodon.SoftwareGoToSocial {
		t.Fatalf("software %q", prof.Software)
	}
	for _, b := range []mastodon.Bucket{mastodon.BucketStatuses, mastodon.BucketMedia, mastodon.BucketDeletes, mastodon.BucketFollows} {
		if _, ok := c.Pacer().Limit(b); ok {
			t.Errorf("bucket %s is paced on GoToSocial", b)
		}
	}
	var ids []mastodon.ID
	for i := range 40 {
		st, err := c.PostStatus(ctx, mastodon.NewStatus{Text: fmt.Sprintf("post %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, st.Status.ID)
	}
	for _, id := range ids {
		if err := c.DeleteStatus(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if l, _ := c.Pacer().Limit(mastodon.BucketAPI); l.Count != 1000 {
		t.Errorf("request limit %d, want the server's 1000", l.Count)
	}
	if len(waits) > 0 {
		t.Errorf("waited: %+v", waits)
	}
	if n := len(s.Statuses("alice")); n != 0 {
		t.Errorf("%d statuses left", n)
	}
}

// Mastodon keeps its per-action limits after detection, and a changed
// statuses limit is read from the headers of a post.
func TestClientKeepsMastodonLimits(t *testing.T) {
	// Half an hour into Mastodon's epoch-aligned 3 h window: a header whose
	// reset is minutes away could describe the 5-minute API limit as well,
	// so on the real clock this test failed in the last minutes of a window.
	clock := retry.NewFake(time.Date(2026, 1, 1, 0, 30, 0, 0, time.UTC))
	_, c := newPair(t, mastotest.Options{Now: clock.Now, Limits: func() mastotest.Limits {
		l := roomyServerLimits
		l.Statuses = mastotest.Limit{N: 1000, Per: 3 * time.Hour}
		return l
	}()}, mastodon.Options{Clock: clock})
	ctx := context.Background()
	if _, err := c.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	for _, b := range []mastodon.Bucket{mastodon.BucketStatuses, mastodon.BucketMedia, mastodon.BucketDeletes} {
		if _, ok := c.Pacer().Limit(b); !ok {
			t.Errorf("bucket %s is not paced on Mastodon", b)
		}
	}
	if _, err := c.PostStatus(ctx, mastodon.NewStatus{Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if l, _ := c.Pacer().Limit(mastodon.BucketStatuses); l.Count != 1000 || l.Period != 3*time.Hour {
		t.Errorf("statuses limit %+v, want the server's 1000 per 3 h", l)
	}
}
