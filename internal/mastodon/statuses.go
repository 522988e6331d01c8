package mastodon

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// NewStatus is a status to post. go-mastodon's Toot lacks quotes and
// always sends sensitive/visibility; this sends only what is set.
type NewStatus struct {
	Text        string
	InReplyToID ID
	MediaIDs    []ID
	Sensitive   bool
	SpoilerText string
	Visibility  string // public, unlisted, private, direct; "" = account default
	Language    string // ISO 639-1
	// ScheduledAt: on Mastodon it must be over 5 minutes ahead; on
	// GoToSocial ≥ 0.18 a past time backdates (see ServerProfile).
	ScheduledAt    time.Time
	QuotedStatusID ID // needs ServerProfile.NativeQuotes
}

// ScheduledStatus is what the server returns for a post scheduled in the
// future instead of a Status.
type ScheduledStatus struct {
	ID          ID        `json:"id"`
	ScheduledAt time.Time `json:"scheduled_at"`
}

// PostResult holds exactly one of Status (published, or backdated on
// GoToSocial) and Scheduled.
type PostResult struct {
	Status    *Status
	Scheduled *ScheduledStatus
}

// PostStatus posts a status. Put an Idempotency-Key in ctx with
// WithIdempotencyKey: Mastodon then returns the first status for a
// repeated key, and the transport may retry after network errors.
func (c *Client) PostStatus(ctx context.Context, s NewStatus) (PostResult, error) {
	v := url.Values{"status": {s.Text}}
	if s.InReplyToID != "" {
		v.Set("in_reply_to_id", string(s.InReplyToID))
	}
	for _, id := range s.MediaIDs {
		v.Add("media_ids[]", string(id))
	}
	if s.Sensitive {
		v.Set("sensitive", "true")
	}
	if s.SpoilerText != "" {
		v.Set("spoiler_text", s.SpoilerText)
	}
	if s.Visibility != "" {
		v.Set("visibility", s.Visibility)
	}
	if s.Language != "" {
		v.Set("language", s.Language)
	}
	if !s.ScheduledAt.IsZero() {
		v.Set("scheduled_at", s.ScheduledAt.UTC().Format(time.RFC3339))
	}
	if s.QuotedStatusID != "" {
		v.Set("quoted_status_id", string(s.QuotedStatusID))
	}
	var raw json.RawMessage
	if _, err := c.call(ctx, http.MethodPost, "/api/v1/statuses", nil, formBody(v), &raw); err != nil {
		return PostResult{}, err
	}
	return decodePostResult(raw)
}

// decodePostResult tells a ScheduledStatus (has "params" and
// "scheduled_at") from a Status.
func decodePostResult(raw json.RawMessage) (PostResult, error) {
	var probe struct {
		Params      json.RawMessage `json:"params"`
		ScheduledAt *time.Time      `json:"scheduled_at"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return PostResult{}, &NotMastodonError{URL: "/api/v1/statuses", Status: http.StatusOK, Detail: err.Error()}
	}
	if len(probe.Params) > 0 && probe.ScheduledAt != nil {
		var ss ScheduledStatus
		if err := json.Unmarshal(raw, &ss); err != nil {
			return PostResult{}, &NotMastodonError{URL: "/api/v1/statuses", Status: http.StatusOK, Detail: err.Error()}
		}
		return PostResult{Scheduled: &ss}, nil
	}
	var st Status
	if err := json.Unmarshal(raw, &st); err != nil {
		return PostResult{}, &NotMastodonError{URL: "/api/v1/statuses", Status: http.StatusOK, Detail: err.Error()}
	}
	return PostResult{Status: &st}, nil
}

// DeleteStatus deletes one of the user's statuses (30 per 30 min).
func (c *Client) DeleteStatus(ctx context.Context, id ID) error {
	_, err := c.call(ctx, http.MethodDelete, "/api/v1/statuses/"+url.PathEscape(string(id)), nil, nil, nil)
	return err
}
