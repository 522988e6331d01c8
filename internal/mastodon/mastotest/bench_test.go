package mastotest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

var noLimits = Limits{
	API: Limit{N: -1}, User: Limit{N: -1}, Unauthenticated: Limit{N: -1}, Media: Limit{N: -1},
	Deletes: Limit{N: -1}, Paging: Limit{N: -1}, Statuses: Limit{N: -1}, Follows: Limit{N: -1},
}

func benchPost(b *testing.B, client *http.Client, s *Server, token, path string, form url.Values) {
	req, _ := http.NewRequest("POST", s.URL()+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		b.Fatalf("status %d", res.StatusCode)
	}
}

func BenchmarkPostStatus(b *testing.B) {
	s := New(Options{Limits: noLimits})
	defer s.Close()
	alice := s.AddAccount("alice", AccountOptions{})
	client := s.Client()
	form := url.Values{"status": {"a tweet with a link https://example.com/some/long/path and @bob@example.social"}}
	b.ResetTimer()
	for b.Loop() {
		benchPost(b, client, s, alice.Token, "/api/v1/statuses", form)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "statuses/s")
}

func BenchmarkFollow(b *testing.B) {
	s := New(Options{Limits: noLimits})
	defer s.Close()
	alice := s.AddAccount("alice", AccountOptions{})
	var ids []string
	for i := range 1000 {
		ids = append(ids, s.AddRemoteAccount(fmt.Sprintf("u%d@r.example", i), RemoteOptions{Known: true}).ID)
	}
	client := s.Client()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		// Cycles through 1000 targets; later rounds are repeat follows.
		benchPost(b, client, s, alice.Token, "/api/v1/accounts/"+ids[i%len(ids)]+"/follow", nil)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "follows/s")
}

func BenchmarkCountMastodon(b *testing.B) {
	text := strings.Repeat("Long thread 👨‍👩‍👧‍👦 with https://example.com/path?q=1 and @bob@example.social. ", 8)
	for b.Loop() {
		CountMastodon(text, 23)
	}
}

// TestConcurrentIdempotentPosts: parallel retries with the same keys must
// create each status exactly once.
func TestConcurrentIdempotentPosts(t *testing.T) {
	s := newTestServer(t, Options{Limits: noLimits})
	alice := s.AddAccount("alice", AccountOptions{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 20 {
				r := postStatus(t, s, alice.Token, url.Values{"status": {fmt.Sprint("tweet ", i)}}, "Idempotency-Key", fmt.Sprint("k", i))
				if r.code != 200 {
					t.Errorf("worker %d: %d %s", w, r.code, r.body)
				}
			}
		})
	}
	wg.Wait()
	if n := len(s.Statuses("alice")); n != 20 {
		t.Fatalf("%d statuses, want 20", n)
	}
}
