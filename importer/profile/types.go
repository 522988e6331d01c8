package profile

import (
	"context"
	"io"
)

// Field is one profile metadata field, in plain text.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Current is the account's profile on the server, in plain text
// (source.note and source.fields of verify_credentials).
type Current struct {
	DisplayName string  `json:"display_name"`
	Note        string  `json:"note"`
	Fields      []Field `json:"fields"`
	AvatarURL   string  `json:"avatar,omitempty"`
	HeaderURL   string  `json:"header,omitempty"`
}

// Limits are what the server accepts in a profile; zero means no
// known limit.
type Limits struct {
	DisplayName int `json:"display_name"` // characters (code points)
	Note        int `json:"note"`         // characters of the bio, counted as below
	Fields      int `json:"fields"`       // number of profile fields
	FieldName   int `json:"field_name"`
	FieldValue  int `json:"field_value"`
	// CharsPerURL > 0 counts the bio as Mastodon does: grapheme clusters,
	// each URL as this many characters. 0 counts code points, URLs in full
	// (GoToSocial).
	CharsPerURL int      `json:"chars_per_url"`
	AvatarSize  int64    `json:"avatar_size"`
	HeaderSize  int64    `json:"header_size"`
	ImageTypes  []string `json:"image_types,omitempty"`
}

// Image is an avatar or header taken from the archive.
type Image struct {
	Kind        string `json:"kind"` // "avatar" or "header"
	File        string `json:"file"` // path inside the archive
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	SHA256      string `json:"sha256"`
	open        func() (io.ReadCloser, error)
}

// Open opens the image file; it may be called once per upload attempt.
func (i *Image) Open() (io.ReadCloser, error) { return i.open() }

// Update is the change to send. Nil members stay as they are.
type Update struct {
	DisplayName *string
	Note        *string
	// Fields is the complete list after the change: servers replace all
	// fields at once, so the user's own fields are always sent back.
	Fields *[]Field
	Avatar *Image
	Header *Image
}

// Empty reports whether the update changes nothing.
func (u Update) Empty() bool {
	return u.DisplayName == nil && u.Note == nil && u.Fields == nil && u.Avatar == nil && u.Header == nil
}

// Target is the account whose profile is copied to. An adapter over
// the Mastodon client implements it.
type Target interface {
	// Current returns the profile as the server has it now.
	Current(ctx context.Context) (Current, error)
	// Update sends the change and returns the profile the server answers.
	Update(ctx context.Context, u Update) (Current, error)
}

// Action says what happens to one item of the profile.
type Action string

const (
	ActionSet       Action = "set"       // display name, bio or image replaced
	ActionAdd       Action = "add"       // a new field
	ActionUpdate    Action = "update"    // an existing field gets a new value
	ActionUnchanged Action = "unchanged" // already as wanted
	ActionSkipped   Action = "skipped"   // wanted but not done; Reason says why
)

// Reason codes of skipped or adjusted items, for callers that add advice.
const (
	ReasonTooLong      = "too_long"       // over the server's character limit
	ReasonTruncated    = "truncated"      // shortened to fit (only when asked)
	ReasonFieldsFull   = "fields_full"    // no free profile field
	ReasonKept         = "kept_existing"  // a field of that name exists; the user's value is kept
	ReasonNotInArchive = "not_in_archive" // the archive lacks the file
	ReasonTooLarge     = "too_large"      // the image is over the server's size limit
	ReasonBadType      = "bad_type"       // the server does not take this image type
	ReasonAlreadySet   = "already_set"    // fledge set this very image before
	ReasonNotWanted    = "not_wanted"     // the caller turned the item off
	ReasonDefault      = "twitter_default"
	ReasonNoUsername   = "no_username"
	// ReasonUnexpandedLink: the website is a bare t.co link that could
	// not be expanded, so the field is left out.
	ReasonUnexpandedLink = "unexpanded_link"
)

// Change is one line of the before/after diff.
type Change struct {
	Item   string `json:"item"` // "display_name", "note", "field:<name>", "avatar", "header"
	Action Action `json:"action"`
	Before string `json:"before"`
	After  string `json:"after"`
	Reason string `json:"reason,omitempty"` // a Reason… code
	Detail string `json:"detail,omitempty"` // human explanation
	Image  *Image `json:"image,omitempty"`
}

// Plan is the diff between the server's profile and the archive's,
// and the update that closes it.
type Plan struct {
	Username string   `json:"twitter_username"`
	Current  Current  `json:"current"`
	Changes  []Change `json:"changes"`
	// Fields is the complete field list after the update.
	Fields []Field `json:"fields"`
	// Unexpanded lists t.co links that stay as written: without the
	// Twitter profile (API or --profiles) their targets are unknown.
	Unexpanded []string `json:"unexpanded_links,omitempty"`
	Update     Update   `json:"-"`
}

// UpToDate reports whether nothing needs to change.
func (p *Plan) UpToDate() bool { return p.Update.Empty() }

// Skipped returns the changes that were wanted but will not be made.
func (p *Plan) Skipped() []Change {
	var out []Change
	for _, c := range p.Changes {
		if c.Action == ActionSkipped {
			out = append(out, c)
		}
	}
	return out
}
