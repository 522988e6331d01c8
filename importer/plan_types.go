package importer

import "time"

// A Plan is everything an import will do, decided before anything is sent:
// every tweet becomes zero or more planned posts, or a reason it is skipped.
// Executing a plan never re-decides what to post; it only sends what the
// plan says, in order, and journals each step.
type Plan struct {
	Account     string        `json:"account"` // user@domain the plan was made for
	Server      ServerTraits  `json:"server"`  // what the plan assumed about the server
	Options     PlanOptions   `json:"options"` // the options that shaped it
	Posts       []PlannedPost `json:"posts"`   // in posting order (oldest tweet first)
	Skipped     []Skip        `json:"skipped"` // tweets that produce no post, with the reason
	MediaIssues []MediaIssue  `json:"media_issues,omitempty"`
	Tweets      int           `json:"tweets"` // tweets read from the archive
	// Private counts the planned tweets posted followers-only whatever
	// --visibility says, because their audience on Twitter was narrower.
	Private PrivateCounts `json:"private,omitzero"`
	// Dropped counts planned posts left out of Posts: a dry run's plan
	// (SummarizePlan) keeps only the newest few for the preview.
	Dropped     int       `json:"dropped,omitempty"`
	Fingerprint string    `json:"fingerprint"` // hash of Posts; a resumed job checks it is unchanged
	Created     time.Time `json:"created"`
}

// ServerTraits are the server facts planning depends on.
type ServerTraits struct {
	Software       string   `json:"software"` // "mastodon", "gotosocial", …
	Version        string   `json:"version"`
	MaxChars       int      `json:"max_chars"`
	CharsPerURL    int      `json:"chars_per_url"`
	MaxMedia       int      `json:"max_media"`
	CanBackdate    bool     `json:"can_backdate"`
	NativeQuotes   bool     `json:"native_quotes"`
	DescriptionMax int      `json:"description_max"`
	ImageSizeLimit int64    `json:"image_size_limit"`
	VideoSizeLimit int64    `json:"video_size_limit"`
	SupportedMIME  []string `json:"supported_mime,omitempty"`
}

// PlanOptions are the user's choices (flags and config) that shaped a plan.
type PlanOptions struct {
	Include     []string  `json:"include,omitempty"` // "replies", "retweets"
	Since       time.Time `json:"since,omitzero"`
	Until       time.Time `json:"until,omitzero"`
	Grep        string    `json:"grep,omitempty"`
	ExcludeGrep string    `json:"exclude_grep,omitempty"`
	MinLikes    int       `json:"min_likes,omitempty"`
	OnlyMedia   bool      `json:"only_media,omitempty"`
	Mentions    string    `json:"mentions"`         // "plain" (default) or "fediverse"
	Visibility  string    `json:"visibility"`       // "public", "unlisted" (default), "private"
	Circle      string    `json:"circle,omitempty"` // Twitter Circle tweets: "skip" (default) or "private"
	Backdate    bool      `json:"backdate"`         // resolved from --backdate auto|never and the server
	Footer      string    `json:"footer,omitempty"` // the text/template used, empty for none
	Language    bool      `json:"language"`         // send the tweet's lang
	StrictMedia bool      `json:"strict_media,omitempty"`
	IDsFile     string    `json:"ids_file,omitempty"`
	ExcludeIDs  string    `json:"exclude_ids_file,omitempty"`
	AltFile     string    `json:"alt_file,omitempty"`
}

// PrivateCounts counts tweets kept private by their Twitter audience.
type PrivateCounts struct {
	Protected int `json:"protected"` // written while the account was protected
	Circle    int `json:"circle"`    // Twitter Circle tweets (--circle private)
}

// Why a post's audience is narrower than --visibility (PlannedPost.Audience).
const (
	AudienceProtected = "protected" // written while the account was protected
	AudienceCircle    = "circle"    // a Twitter Circle tweet
)

// PlannedPost is one status to create. Key is stable across runs (tweet id
// and segment), so the journal and the Idempotency-Key derive from it.
type PlannedPost struct {
	Key      string `json:"key"` // "<tweet id>/<segment>", e.g. "1234/0"
	TweetID  string `json:"tweet_id"`
	Segment  int    `json:"segment"`  // 0 for the first post of a tweet
	Segments int    `json:"segments"` // how many posts this tweet became
	Text     string `json:"text"`

	// ReplyTo is the Key of an earlier planned post this one replies to
	// (a thread rebuilt from self-replies, a split segment, or media
	// overflow); the executor maps it to the status id it created.
	ReplyTo string `json:"reply_to,omitempty"`
	// QuoteOf is the Key of an earlier planned post to quote natively
	// (servers with native quotes); otherwise the link is in Text.
	QuoteOf string `json:"quote_of,omitempty"`
	// QuoteURL is the quoted tweet's address. With QuoteNative the plan
	// removed it from Text (the server shows the quote) and the executor
	// puts it back only if the quoted post was never created; otherwise
	// the executor replaces it in Text by our copy's address.
	QuoteURL    string `json:"quote_url,omitempty"`
	QuoteNative bool   `json:"quote_native,omitempty"`

	Media      []PlannedMedia `json:"media,omitempty"`
	Visibility string         `json:"visibility"`
	// Audience says why Visibility is narrower than the plan's option
	// (AudienceProtected, AudienceCircle); "" when it is the option.
	Audience    string    `json:"audience,omitempty"`
	Language    string    `json:"language,omitempty"`
	ScheduledAt time.Time `json:"scheduled_at,omitzero"` // backdating (GoToSocial ≥ 0.18) only
	CreatedAt   time.Time `json:"created_at"`            // the tweet's date, for footers and previews
}

// PlannedMedia is one attachment: a file inside the archive.
type PlannedMedia struct {
	File        string `json:"file"` // path inside the archive
	Type        string `json:"type"` // "photo", "video", "animated_gif"
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Alt         string `json:"alt,omitempty"`
}

// Skip records a tweet that produces no post, and why.
type Skip struct {
	TweetID string `json:"tweet_id"`
	Reason  string `json:"reason"` // "retweet", "reply", "deleted", "filtered: …", "media missing", …
}
