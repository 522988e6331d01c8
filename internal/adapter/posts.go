package adapter

import (
	"context"
	"iter"
	"time"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// Poster implements importer.Poster over the Mastodon client. It always
// passes the Idempotency-Key on; the client leaves it off for servers
// that ignore it (GoToSocial), where the importer reconciles instead.
type Poster struct {
	c *mastodon.Client
}

// The importer finds out by a type assertion; keep it from silently
// falling back to paging the whole history.
var _ importer.DatedLister = (*Poster)(nil)

// NewPoster returns the Poster of c's account, for imports and undo.
func NewPoster(c *mastodon.Client) *Poster {
	return &Poster{c: c}
}

func (p *Poster) PostStatus(ctx context.Context, s importer.StatusRequest) (importer.PostedStatus, error) {
	ids := make([]mastodon.ID, len(s.MediaIDs))
	for i, id := range s.MediaIDs {
		ids[i] = mastodon.ID(id)
	}
	if s.IdempotencyKey != "" {
		ctx = mastodon.WithIdempotencyKey(ctx, s.IdempotencyKey)
	}
	res, err := p.c.PostStatus(ctx, mastodon.NewStatus{
		Text: s.Text, InReplyToID: mastodon.ID(s.InReplyToID), MediaIDs: ids, Visibility: s.Visibility,
		Language: s.Language, ScheduledAt: s.ScheduledAt, QuotedStatusID: mastodon.ID(s.QuotedStatusID),
	})
	if err != nil {
		return importer.PostedStatus{}, importErr(err)
	}
	if res.Scheduled != nil {
		return importer.PostedStatus{ID: string(res.Scheduled.ID), Scheduled: true}, nil
	}
	return importer.PostedStatus{ID: string(res.Status.ID), URL: res.Status.URL}, nil
}

func (p *Poster) UploadMedia(ctx context.Context, m importer.MediaRequest) (string, error) {
	att, err := p.c.UploadMedia(ctx, mastodon.MediaUpload{FileName: m.FileName, ContentType: m.ContentType, Open: m.Open, Description: m.Description})
	if err != nil {
		return "", importErr(err)
	}
	return string(att.ID), nil
}

func (p *Poster) RecentStatuses(ctx context.Context) iter.Seq2[importer.RemoteStatus, error] {
	return remoteStatuses(p.c.Statuses(ctx))
}

// StatusesCreatedBetween lets the importer reconcile backdated posts by
// reading only the statuses around their dates (GoToSocial); elsewhere
// the client answers ErrIDsNotTimes and the importer pages the history.
func (p *Poster) StatusesCreatedBetween(ctx context.Context, from, to time.Time) iter.Seq2[importer.RemoteStatus, error] {
	return remoteStatuses(p.c.StatusesCreatedBetween(ctx, from, to))
}

func remoteStatuses(sts iter.Seq2[*mastodon.Status, error]) iter.Seq2[importer.RemoteStatus, error] {
	return func(yield func(importer.RemoteStatus, error) bool) {
		for s, err := range sts {
			if err != nil {
				yield(importer.RemoteStatus{}, importErr(err))
				return
			}
			rs := importer.RemoteStatus{ID: string(s.ID), URL: s.URL, Text: importer.HTMLText(s.Content),
				Media: len(s.MediaAttachments), CreatedAt: s.CreatedAt}
			// go-mastodon decodes in_reply_to_id into an interface{}.
			if id, ok := s.InReplyToID.(string); ok {
				rs.InReplyToID = id
			}
			if !yield(rs, nil) {
				return
			}
		}
	}
}

func (p *Poster) DeleteStatus(ctx context.Context, id string) error {
	return importErr(p.c.DeleteStatus(ctx, mastodon.ID(id)))
}

// ServerTraits is what planning needs to know about the live server.
func ServerTraits(p mastodon.ServerProfile) importer.ServerTraits {
	return importer.ServerTraits{
		Software: string(p.Software), Version: p.RawVersion,
		MaxChars: p.Limits.MaxCharacters, CharsPerURL: p.Limits.CharactersPerURL, MaxMedia: p.Limits.MaxMedia,
		CanBackdate: p.CanBackdate, NativeQuotes: p.NativeQuotes, DescriptionMax: p.Limits.DescriptionLimit,
		ImageSizeLimit: p.Limits.ImageSizeLimit, VideoSizeLimit: p.Limits.VideoSizeLimit, SupportedMIME: p.Limits.SupportedMIMETypes,
	}
}

// EstimateLimits reads the buckets an import spends from the client's
// pacer: the limits of the software the server is (mastodon.LimitsFor),
// corrected by its headers, and the pacer's own schedule, so the estimate
// is the execution's arithmetic. A bucket the server does not limit stays
// zero.
func EstimateLimits(c *mastodon.Client) importer.EstimateLimits {
	p := c.Pacer()
	lim := estimateLimits(p.Limit)
	buckets := map[string]mastodon.Bucket{
		importer.BucketStatuses: mastodon.BucketStatuses,
		importer.BucketMedia:    mastodon.BucketMedia,
		importer.BucketRequests: mastodon.BucketAPI,
	}
	lim.Pace = func(bucket string, n int) time.Duration { return p.Duration(buckets[bucket], n) }
	return lim
}

// DefaultEstimateLimits are the limits the client starts with for a server
// whose software it does not know yet (mastodon.DefaultLimits, Mastodon's
// own), spent at their even rate: the estimate when there is no client,
// such as planning without a login, and in tests.
func DefaultEstimateLimits() importer.EstimateLimits {
	d := mastodon.DefaultLimits()
	return estimateLimits(func(b mastodon.Bucket) (mastodon.Limit, bool) {
		l, ok := d[b]
		return l, ok
	})
}

// estimateLimits reads the importer's buckets through limit, with the
// client's headroom.
func estimateLimits(limit func(mastodon.Bucket) (mastodon.Limit, bool)) importer.EstimateLimits {
	read := func(b mastodon.Bucket) importer.RateLimit {
		if l, ok := limit(b); ok {
			return importer.RateLimit{N: l.Count, Per: l.Period}
		}
		return importer.RateLimit{}
	}
	return importer.EstimateLimits{
		Statuses: read(mastodon.BucketStatuses),
		Media:    read(mastodon.BucketMedia),
		Requests: read(mastodon.BucketAPI),
		Headroom: mastodon.DefaultHeadroom,
	}
}

// DeletePace is how long n deletions take as the client paces them: each
// is one request and, on Mastodon, one of its 30 per 30 min.
func DeletePace(c *mastodon.Client) func(int) time.Duration {
	return func(n int) time.Duration {
		return max(c.Pacer().Duration(mastodon.BucketDeletes, n), c.Pacer().Duration(mastodon.BucketAPI, n))
	}
}
