package mastotest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

func Example() {
	s := mastotest.New(mastotest.Options{})
	defer s.Close()
	alice := s.AddAccount("alice", mastotest.AccountOptions{})

	post := func() int {
		form := url.Values{"status": {"moved from Twitter"}, "visibility": {"unlisted"}}
		req, _ := http.NewRequest("POST", s.URL()+"/api/v1/statuses", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+alice.Token)
		req.Header.Set("Idempotency-Key", "tweet-1")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	fmt.Println(post(), post(), len(s.Statuses("alice")))
	// Output: 200 200 1
}
