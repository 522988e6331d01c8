package adapter_test

import (
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// serve starts mastotest with a local account "me" and returns a client
// for it that retries fast and gives up on a rate limit at once.
func serve(t *testing.T, opts mastotest.Options, acct mastotest.AccountOptions) (*mastotest.Server, *mastodon.Client) {
	t.Helper()
	if opts.MediaPolls == 0 {
		opts.MediaPolls = -1
	}
	s := mastotest.New(opts)
	t.Cleanup(s.Close)
	s.AddAccount("me", acct)
	return s, client(t, s, s.Token("me"))
}

func client(t *testing.T, s *mastotest.Server, token string) *mastodon.Client {
	t.Helper()
	c, err := mastodon.New(s.URL(), token, mastodon.Options{
		Base:       s.Client().Transport,
		MaxRetries: 1, MaxBackoff: time.Millisecond, MaxWait: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
