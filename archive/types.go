package archive

import "time"

// Format names the archive generation (docs §1).
type Format string

const (
	// FormatGrailbird is the classic 2012–2019 archive (data/js/tweets/YYYY_MM.js, tweets.csv).
	FormatGrailbird Format = "grailbird"
	// FormatGDPR2018 is the 2018–2020 export with its files at the zip root.
	FormatGDPR2018 Format = "gdpr-2018"
	// FormatGDPR is the data/ + manifest.js layout (2020 on).
	FormatGDPR Format = "gdpr"
)

// Account is the archive owner's account.
type Account struct {
	ID          string
	Username    string
	DisplayName string
	CreatedAt   time.Time
	Email       string
}

// Profile is the owner's profile. AvatarFile and HeaderFile are archive
// paths for OpenFile, "" when the archive lacks them.
type Profile struct {
	Bio, Website, Location string
	AvatarFile, HeaderFile string
	AvatarURL, HeaderURL   string
}

// Tweet is one normalized post.
type Tweet struct {
	ID        uint64
	IDStr     string
	CreatedAt time.Time
	// Text has t.co links expanded, the media link removed and &amp; &lt;
	// &gt; unescaped; for long posts it is the full note text.
	Text    string
	RawText string // as stored in the archive
	Lang    string

	Retweet      bool
	RetweetOfURL string // the original's URL when the archive reveals it
	// RetweetWhole: Text is "RT @author: " and the original's whole text,
	// from Grailbird's retweeted_status, rather than the cut "…" form.
	RetweetWhole bool

	ReplyToID         string
	ReplyToUserID     string
	ReplyToScreenName string
	SelfReply         bool

	QuoteURL string
	Long     bool // text joined from note-tweet.js
	// CutLong marks a long post whose full text note-tweet.js does not
	// give: its text is the archive's version cut with "…". The importer
	// leaves it out rather than post it cut.
	CutLong   bool
	Community bool // from community-tweet.js
	// Deleted: from deleted-tweets.js, or a tweets.js record whose id
	// deleted-tweet-headers.js or deleted-tweets.js lists.
	Deleted bool
	// Circle: a Twitter Circle tweet (listed in twitter-circle-tweet.js),
	// seen only by the people in the author's circle.
	Circle bool
	// Protected: written while the account was protected
	// (protected-history.js), so seen only by its followers.
	Protected bool

	Hashtags []string
	Mentions []Mention
	URLs     []string // expanded
	Media    []Media

	FavoriteCount, RetweetCount int

	Source string // archive path of the file it came from
}

// RepliesToOthers reports whether t answers another account: it names a
// tweet it replies to, or only a person (a tweet starting with @someone
// that answers no particular tweet has in_reply_to_user_id without
// in_reply_to_status_id, docs §6.8). Self-replies (threads) are not. This
// is the one rule `archive inspect` counts and the importer skips by.
func (t *Tweet) RepliesToOthers() bool {
	return !t.SelfReply && (t.ReplyToID != "" || t.ReplyToUserID != "")
}

// Mention is a user mentioned in a tweet. ID is "" when the archive could
// not resolve the account (it writes "-1" there).
type Mention struct {
	ScreenName string
	ID         string
}

// Media is one attachment. File is its archive path, "" when the archive
// does not contain the file (always so for Grailbird).
type Media struct {
	Type string // "photo", "video" or "animated_gif"
	URL  string // the remote URL (best mp4 variant for video and GIF)
	File string
	Alt  string
}

// TweetOptions selects and orders tweets.
type TweetOptions struct {
	// Sorted yields tweets oldest first (by id). Otherwise they come in
	// archive order, which is not chronological.
	Sorted bool
	// IncludeDeleted adds the records of deleted-tweets.js, flagged Deleted.
	IncludeDeleted bool
	// ExcludeCommunity leaves out community-tweet.js (flagged Community).
	ExcludeCommunity bool
	// Since (inclusive) and Until (exclusive) filter by CreatedAt when set.
	Since, Until time.Time
}

// AccountKind selects a relationship file.
type AccountKind int

const (
	KindFollowing AccountKind = iota // following.js
	KindFollowers                    // follower.js
	KindBlocks                       // block.js
	KindMutes                        // mute.js
)

func (k AccountKind) String() string {
	switch k {
	case KindFollowing:
		return "following"
	case KindFollowers:
		return "followers"
	case KindBlocks:
		return "blocks"
	case KindMutes:
		return "mutes"
	}
	return "unknown"
}

// AccountRef is another account: only its id, and a link from 2020 on.
type AccountRef struct {
	ID       string
	UserLink string
}

// List is one list URL. Kind is "created", "subscribed" or "member".
type List struct {
	URL  string
	Kind string
}

// Like is a liked tweet; FullText and ExpandedURL may be empty.
type Like struct {
	TweetID     string
	FullText    string
	ExpandedURL string
}

// ScreenNameChange is one rename of the account.
type ScreenNameChange struct {
	ChangedAt time.Time
	From, To  string
}
