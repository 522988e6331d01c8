package archive

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
)

// tweetJSON is the line shape of `fledge archive tweets`.
type tweetJSON struct {
	ID            string        `json:"id"`
	CreatedAt     string        `json:"created_at,omitempty"`
	Text          string        `json:"text,omitempty"`
	RawText       string        `json:"raw_text,omitempty"`
	Lang          string        `json:"lang,omitempty"`
	Retweet       bool          `json:"retweet,omitempty"`
	ReplyToID     string        `json:"reply_to_id,omitempty"`
	ReplyToUserID string        `json:"reply_to_user_id,omitempty"`
	SelfReply     bool          `json:"self_reply,omitempty"`
	QuoteURL      string        `json:"quote_url,omitempty"`
	Long          bool          `json:"long,omitempty"`
	Community     bool          `json:"community,omitempty"`
	Deleted       bool          `json:"deleted,omitempty"`
	Circle        bool          `json:"circle,omitempty"`
	Protected     bool          `json:"protected,omitempty"`
	CutLong       bool          `json:"cut_long,omitempty"`
	Hashtags      []string      `json:"hashtags,omitempty"`
	Mentions      []mentionJSON `json:"mentions,omitempty"`
	URLs          []string      `json:"urls,omitempty"`
	Media         []mediaJSON   `json:"media,omitempty"`
}

type mentionJSON struct {
	ScreenName string `json:"screen_name,omitempty"`
	ID         string `json:"id,omitempty"`
}

type mediaJSON struct {
	Type string `json:"type,omitempty"`
	File string `json:"file,omitempty"`
	Alt  string `json:"alt,omitempty"`
}

// MarshalJSON encodes the tweet as one `fledge archive tweets` line: ids as
// strings, created_at in RFC 3339, empty fields omitted.
func (t *Tweet) MarshalJSON() ([]byte, error) {
	j := tweetJSON{
		ID: t.IDStr, Text: t.Text, RawText: t.RawText, Lang: t.Lang,
		Retweet: t.Retweet, ReplyToID: t.ReplyToID, ReplyToUserID: t.ReplyToUserID, SelfReply: t.SelfReply,
		QuoteURL: t.QuoteURL, Long: t.Long, Community: t.Community, Deleted: t.Deleted,
		Circle: t.Circle, Protected: t.Protected, CutLong: t.CutLong,
		Hashtags: t.Hashtags, URLs: t.URLs,
	}
	if j.ID == "" && t.ID != 0 {
		j.ID = strconv.FormatUint(t.ID, 10)
	}
	if !t.CreatedAt.IsZero() {
		j.CreatedAt = t.CreatedAt.UTC().Format(time.RFC3339)
	}
	for _, m := range t.Mentions {
		j.Mentions = append(j.Mentions, mentionJSON(m))
	}
	for _, m := range t.Media {
		j.Media = append(j.Media, mediaJSON{Type: m.Type, File: m.File, Alt: m.Alt})
	}
	// Not json.Marshal: it writes "&" as \u0026, which is valid but
	// unreadable in tweets full of "&amp;"-decoded text.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
