package mastodon_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// statusPages counts the account-statuses requests in the server's log.
func statusPages(s *mastotest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == "GET" && strings.Contains(r.Path, "/statuses") && strings.HasPrefix(r.Path, "/api/v1/accounts/") {
			n++
		}
	}
	return n
}

func TestStatusesCreatedBetween(t *testing.T) {
	s, c := newPair(t, mastotest.Options{Software: mastotest.GoToSocial, Limits: roomyServerLimits}, mastodon.Options{})
	ctx := context.Background()
	// 2,000 backdated statuses, one a minute, and one posted now.
	base := time.Date(2016, 4, 1, 12, 0, 0, 0, time.UTC)
	for i := range 2000 {
		if _, err := s.SeedStatus("alice", fmt.Sprint("m", i), base.Add(time.Duration(i)*time.Minute), true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.PostStatus(ctx, mastodon.NewStatus{Text: "today"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		from, to time.Duration // from base
		first, n int           // statuses m<first> to m<first+n-1>
		pages    int           // with the empty page that ends the window
	}{
		{"one status, bounds inclusive", 700 * time.Minute, 700 * time.Minute, 700, 1, 2},
		{"milliseconds around", 700*time.Minute - time.Millisecond, 700*time.Minute + time.Millisecond, 700, 1, 2},
		{"between two", 700*time.Minute + time.Millisecond, 701*time.Minute - time.Millisecond, 0, 0, 1},
		{"three pages", 100 * time.Minute, 189 * time.Minute, 100, 90, 4}, // 40+40+10, then empty
		{"before the history", -time.Hour, -time.Minute, 0, 0, 1},
		{"last of the history", 1999 * time.Minute, 3000 * time.Minute, 1999, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.ResetRequests()
			var got []string
			var last time.Time
			for st, err := range c.StatusesCreatedBetween(ctx, base.Add(tt.from), base.Add(tt.to)) {
				if err != nil {
					t.Fatal(err)
				}
				if st.CreatedAt.Before(last) {
					t.Errorf("%s yielded after a newer status", st.Content)
				}
				last = st.CreatedAt
				got = append(got, strings.TrimSuffix(strings.TrimPrefix(st.Content, "<p>"), "</p>"))
			}
			var want []string
			for i := range tt.n {
				want = append(want, fmt.Sprint("m", tt.first+i))
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got %v, want %v", got, want)
			}
			if p := statusPages(s); p != tt.pages {
				t.Errorf("read %d pages, want %d", p, tt.pages)
			}
		})
	}
	// Breaking off stops the paging.
	s.ResetRequests()
	for range c.StatusesCreatedBetween(ctx, base, base.Add(1000*time.Minute)) {
		break
	}
	if p := statusPages(s); p != 1 {
		t.Errorf("read %d pages after breaking off at the first status", p)
	}
}

func TestStatusesCreatedBetweenNeedsTimeIDs(t *testing.T) {
	s, c := newPair(t, mastotest.Options{Limits: roomyServerLimits}, mastodon.Options{})
	ctx := context.Background()
	if _, err := c.PostStatus(ctx, mastodon.NewStatus{Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	s.ResetRequests()
	n := 0
	for _, err := range c.StatusesCreatedBetween(ctx, time.Now().Add(-time.Hour), time.Now()) {
		n++
		if !errors.Is(err, mastodon.ErrIDsNotTimes) {
			t.Errorf("Mastodon: err = %v, want ErrIDsNotTimes", err)
		}
	}
	if n != 1 || statusPages(s) != 0 {
		t.Errorf("Mastodon: %d results, %d status pages read", n, statusPages(s))
	}
}
