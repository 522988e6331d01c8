package twitter

import "context"

// User is one account as the API describes it, reduced to what matching
// reads. Its JSON is the profile cache's record, unchanged from when the
// cache held matcher profiles, so entries written before stay readable.
// internal/adapter turns it into a profiles.Profile (matcher/profiles).
type User struct {
	ID          string `json:"id,omitempty"`
	ScreenName  string `json:"screen_name,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Location    string `json:"location,omitempty"`
	URL         string `json:"url,omitempty"`

	// DescriptionURLs and URLURLs are the t.co spans of the bio and of the
	// URL field, with their expansions, as the API reports them.
	DescriptionURLs []URLEntity `json:"description_urls,omitempty"`
	URLURLs         []URLEntity `json:"url_urls,omitempty"`

	// PinnedText is the pinned (v2) or latest (v1.1) tweet's text.
	PinnedText string      `json:"pinned_text,omitempty"`
	PinnedURLs []URLEntity `json:"pinned_urls,omitempty"`

	Source string `json:"source,omitempty"` // SourceV1 or SourceV2
}

// URLEntity is one t.co link in a text. Start and End are code-point
// indices into the text, as the API reports them, unchecked.
type URLEntity struct {
	URL         string `json:"url"`
	ExpandedURL string `json:"expanded_url"`
	Start       int    `json:"start,omitempty"`
	End         int    `json:"end,omitempty"`
}

// UserSource looks accounts up by id and by screen name; Cache and Client
// implement it. Accounts it does not know are left out, not errors.
// internal/adapter makes one a matcher.ProfileSource.
type UserSource interface {
	Lookup(ctx context.Context, ids, screenNames []string) ([]User, error)
}

var (
	_ UserSource = (*Cache)(nil)
	_ UserSource = (*Client)(nil)
)
