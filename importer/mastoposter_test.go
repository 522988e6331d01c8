package importer

import (
	"context"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// poster is the Poster the tests import through: the production adapter
// over the real client (internal/adapter), talking to mastotest, so the
// executor meets the client's errors as the CLI maps them. This package's
// own tests cannot import internal/adapter, which imports importer; the
// external test package can, and sets it before any test runs
// (adapter_test.go).
type poster interface {
	Poster
	DatedLister
}

// TestPoster names poster for adapter_test.go.
type TestPoster = poster

var newPoster func(*mastodon.Client) poster

// UsePoster sets the tests' Poster; only adapter_test.go calls it.
func UsePoster(f func(*mastodon.Client) TestPoster) { newPoster = f }

var roomyServer = mastotest.Limits{
	API:      mastotest.Limit{N: 1_000_000, Per: 5 * time.Minute},
	User:     mastotest.Limit{N: 1_000_000, Per: 5 * time.Minute},
	Paging:   mastotest.Limit{N: 1_000_000, Per: 15 * time.Minute},
	Statuses: mastotest.Limit{N: 1_000_000, Per: 3 * time.Hour},
	Media:    mastotest.Limit{N: 1_000_000, Per: 30 * time.Minute},
	Deletes:  mastotest.Limit{N: 1_000_000, Per: 30 * time.Minute},
}

var roomyClient = map[mastodon.Bucket]mastodon.Limit{
	mastodon.BucketAPI:      {Count: 1_000_000, Period: 5 * time.Minute},
	mastodon.BucketPaging:   {Count: 1_000_000, Period: 15 * time.Minute},
	mastodon.BucketStatuses: {Count: 1_000_000, Period: 3 * time.Hour},
	mastodon.BucketMedia:    {Count: 1_000_000, Period: 30 * time.Minute},
	mastodon.BucketDeletes:  {Count: 1_000_000, Period: 30 * time.Minute},
}

// testServer starts mastotest with an account "me" and a client for it.
func testServer(t testing.TB, opts mastotest.Options, copts mastodon.Options) (*mastotest.Server, *mastodon.Client) {
	t.Helper()
	if opts.Limits == (mastotest.Limits{}) {
		opts.Limits = roomyServer
	}
	if opts.MediaPolls == 0 {
		opts.MediaPolls = -1
	}
	s := mastotest.New(opts)
	t.Cleanup(s.Close)
	s.AddAccount("me", mastotest.AccountOptions{})
	if copts.Limits == nil {
		copts.Limits = roomyClient
	}
	if copts.MaxBackoff == 0 {
		copts.MaxBackoff = 20 * time.Millisecond
	}
	copts.Base = s.Client().Transport
	c, err := mastodon.New(s.URL(), s.Token("me"), copts)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// traitsOf is what the CLI derives from the live server.
func traitsOf(t testing.TB, c *mastodon.Client) (ServerTraits, CharCounter) {
	t.Helper()
	p, err := c.Profile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ServerTraits{
		Software: string(p.Software), Version: p.RawVersion, MaxChars: p.Limits.MaxCharacters,
		CharsPerURL: p.Limits.CharactersPerURL, MaxMedia: p.Limits.MaxMedia, CanBackdate: p.CanBackdate,
		NativeQuotes: p.NativeQuotes, DescriptionMax: p.Limits.DescriptionLimit,
		ImageSizeLimit: p.Limits.ImageSizeLimit, VideoSizeLimit: p.Limits.VideoSizeLimit, SupportedMIME: p.Limits.SupportedMIMETypes,
	}, func(s string) int { return mastodon.CountChars(p, s) }
}
