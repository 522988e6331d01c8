package importer

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// mastoPoster is the tests' Poster over the real client, talking to
// mastotest (cmd/fledge has the production adapter).
// On GoToSocial no Idempotency-Key is sent: the server ignores it, and
// with a key the client would retry a POST after a lost answer, which
// there creates a duplicate; without one the executor reconciles.
type mastoPoster struct {
	c     *mastodon.Client
	noKey bool
}

var _ DatedLister = mastoPoster{}

func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var rl *mastodon.RateLimitError
	var re *mastodon.RetryableError
	var pe *mastodon.PermanentError
	switch {
	case errors.Is(err, mastodon.ErrAuth):
		return fmt.Errorf("%w: %w", job.ErrAuth, err)
	case errors.Is(err, mastodon.ErrIDsNotTimes):
		return fmt.Errorf("%w: %w", ErrNoDatedListing, err)
	case errors.As(err, &rl):
		return &job.RateLimited{Until: rl.Until, Err: err}
	case errors.As(err, &re) && re.MayHaveApplied:
		return fmt.Errorf("%w: %w", ErrUncertain, err)
	case errors.As(err, &pe) && pe.Status == 404:
		return fmt.Errorf("%w: %w", job.ErrNotFound, err)
	case errors.As(err, &pe), errors.Is(err, mastodon.ErrMediaFailed):
		return fmt.Errorf("%w: %w", job.ErrRefused, err)
	}
	return err
}

func (m mastoPoster) PostStatus(ctx context.Context, s StatusRequest) (PostedStatus, error) {
	ids := make([]mastodon.ID, len(s.MediaIDs))
	for i, id := range s.MediaIDs {
		ids[i] = mastodon.ID(id)
	}
	if !m.noKey {
		ctx = mastodon.WithIdempotencyKey(ctx, s.IdempotencyKey)
	}
	res, err := m.c.PostStatus(ctx, mastodon.NewStatus{
		Text: s.Text, InReplyToID: mastodon.ID(s.InReplyToID), MediaIDs: ids, Visibility: s.Visibility,
		Language: s.Language, ScheduledAt: s.ScheduledAt, QuotedStatusID: mastodon.ID(s.QuotedStatusID),
	})
	if err != nil {
		return PostedStatus{}, mapErr(err)
	}
	if res.Scheduled != nil {
		return PostedStatus{ID: string(res.Scheduled.ID), Scheduled: true}, nil
	}
	return PostedStatus{ID: string(res.Status.ID), URL: res.Status.URL}, nil
}

func (m mastoPoster) UploadMedia(ctx context.Context, r MediaRequest) (string, error) {
	att, err := m.c.UploadMedia(ctx, mastodon.MediaUpload{FileName: r.FileName, ContentType: r.ContentType, Open: r.Open, Description: r.Description})
	if err != nil {
		return "", mapErr(err)
	}
	return string(att.ID), nil
}

func (m mastoPoster) RecentStatuses(ctx context.Context) iter.Seq2[RemoteStatus, error] {
	return remoteStatuses(m.c.Statuses(ctx))
}

func (m mastoPoster) StatusesCreatedBetween(ctx context.Context, from, to time.Time) iter.Seq2[RemoteStatus, error] {
	return remoteStatuses(m.c.StatusesCreatedBetween(ctx, from, to))
}

func remoteStatuses(sts iter.Seq2[*mastodon.Status, error]) iter.Seq2[RemoteStatus, error] {
	return func(yield func(RemoteStatus, error) bool) {
		for s, err := range sts {
			if err != nil {
				yield(RemoteStatus{}, mapErr(err))
				return
			}
			rs := RemoteStatus{ID: string(s.ID), URL: s.URL, Text: HTMLText(s.Content), Media: len(s.MediaAttachments), CreatedAt: s.CreatedAt}
			if id, ok := s.InReplyToID.(string); ok {
				rs.InReplyToID = id
			}
			if !yield(rs, nil) {
				return
			}
		}
	}
}

func (m mastoPoster) DeleteStatus(ctx context.Context, id string) error {
	return mapErr(m.c.DeleteStatus(ctx, mastodon.ID(id)))
}

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
