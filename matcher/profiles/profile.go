package profiles

import "strings"

// Profile is what we know of one Twitter account, from whichever source had
// it (a profiles file, the Twitter API, the archive itself, the cache).
type Profile struct {
	ID          string `json:"id,omitempty"`
	ScreenName  string `json:"screen_name,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Location    string `json:"location,omitempty"`
	URL         string `json:"url,omitempty"`

	// DescriptionURLs and URLURLs are the t.co spans of the bio and of the
	// URL field with their expansions; extraction replaces each span before
	// scanning so truncated display URLs are never parsed.
	DescriptionURLs []URLEntity `json:"description_urls,omitempty"`
	URLURLs         []URLEntity `json:"url_urls,omitempty"`

	// PinnedText is the pinned (or latest) tweet's text, with its URLs.
	PinnedText string      `json:"pinned_text,omitempty"`
	PinnedURLs []URLEntity `json:"pinned_urls,omitempty"`

	// Source says where the profile came from ("profiles-file", "twitter-v1",
	// "twitter-v2", "archive", "handles-file", "har", "har-author").
	Source string `json:"source,omitempty"`
}

// URLEntity is one t.co link in a text. Start and End are code-point
// indices into the text, as Twitter reports them; they may be zero when
// only the url/expanded_url pair is known.
type URLEntity struct {
	URL         string `json:"url"`
	ExpandedURL string `json:"expanded_url"`
	Start       int    `json:"start,omitempty"`
	End         int    `json:"end,omitempty"`
}

// AccountRef names one Twitter account to match, by id, by screen name or
// both.
type AccountRef struct {
	ID         string `json:"id,omitempty"`
	ScreenName string `json:"screen_name,omitempty"`
}

// Key identifies an account for de-duplication: the id when known, else
// the screen name, which Twitter treats case-insensitively.
func (a AccountRef) Key() string {
	if a.ID != "" {
		return "id:" + a.ID
	}
	return "name:" + strings.ToLower(a.ScreenName)
}
