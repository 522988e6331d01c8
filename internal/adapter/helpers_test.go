package adapter_test

import (
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// roomy limits keep the pacer out of the way: these tests are about what
// the adapters send and how they read the answers, not about pacing.
var roomyServer = mastotest.Limits{
	API:      mastotest.Limit{N: 1_000_000, Per: 5 * time.Minute},
	User:     mastotest.Limit{N: 1_000_000, Per: 5 * time.Minute},
	Paging:   mastotest.Limit{N: 1_000_000, Per: 15 * time.Minute},
	Statuses: mastotest.Limit{N: 1_000_000, Per: 3 * time.Hour},
	Media:    mastotest.Limit{N: 1_000_000, Per: 30 * time.Minute},
	Deletes:  mastotest.Limit{N: 1_000_000, Per: 30 * time.Minute},
	Follows:  mastotest.Limit{N: 1_000_000, Per: 24 * time.Hour},
}

var roomyClient = map[mastodon.Bucket]mastodon.Limit{
	mastodon.BucketAPI:      {Count: 1_000_000, Period: 5 * time.Minute},
	mastodon.BucketPaging:   {Count: 1_000_000, Period: 15 * time.Minute},
	mastodon.BucketStatuses: {Count: 1_000_000, Period: 3 * time.Hour},
	mastodon.BucketMedia:    {Count: 1_000_000, Period: 30 * time.Minute},
	mastodon.BucketDeletes:  {Count: 1_000_000, Period: 30 * time.Minute},
}

// serve starts mastotest with a local account "me" and returns a client
// for it that retries fast and gives up on a rate limit at once.
func serve(t *testing.T, opts mastotest.Options, acct mastotest.AccountOptions) (*mastotest.Server, *mastodon.Client) {
	t.Helper()
	if opts.Limits == (mastotest.Limits{}) {
		opts.Limits = roomyServer
	}
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
		Base: s.Client().Transport, Limits: roomyClient,
		MaxRetries: 1, MaxBackoff: time.Millisecond, MaxWait: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
