package archive

import "time"

// The raw* types mirror the JSON of the data files. Only the fields we use
// are declared; everything else is skipped, which is what keeps decoding
// fast and tolerant of new fields. Tweet records are decoded by hand in
// decode_tweet.go (the hot path); there the json tags only document which
// member fills which field. The other records use the tags for real.

// tweetElem is one element of a tweet file: either {"tweet": {...}} (eras
// C and D, deleted and community tweets) or the bare tweet object (era B and
// Grailbird), so one decoding pass handles both. Tweet is a value, not a
// pointer, so a record does not allocate a fresh rawTweet; wrapped tells
// the two forms apart.
type tweetElem struct {
	Tweet    rawTweet `json:"tweet"`
	rawTweet `json:",inline"`
	wrapped  bool // set by decodeTweetElem when a "tweet" member was seen
}

// record returns the tweet the element holds.
func (e *tweetElem) record() *rawTweet {
	if e.wrapped {
		return &e.Tweet
	}
	return &e.rawTweet
}

type rawTweet struct {
	IDStr   string     `json:"id_str"`
	ID      flexString `json:"id"`
	Created string     `json:"created_at"`
	// CreatedTime is created_at already parsed by the decoder's fast path
	// (the common RubyDate form); Created is then left empty.
	CreatedTime time.Time `json:"-"`
	FullText    string    `json:"full_text"`
	Text        string    `json:"text"` // Grailbird
	Lang        string    `json:"lang"`

	ReplyStatusStr flexString `json:"in_reply_to_status_id_str"`
	ReplyStatus    flexString `json:"in_reply_to_status_id"`
	ReplyUserStr   flexString `json:"in_reply_to_user_id_str"`
	ReplyUser      flexString `json:"in_reply_to_user_id"`
	ReplyName      string     `json:"in_reply_to_screen_name"`

	FavoriteCount flexInt `json:"favorite_count"`
	RetweetCount  flexInt `json:"retweet_count"`

	Entities rawEntities `json:"entities"`
	Extended struct {
		Media []rawMedia `json:"media"`
	} `json:"extended_entities"`
	EditInfo rawEditInfo `json:"edit_info"`

	// Grailbird keeps the original of a native retweet.
	RetweetedStatus *retweetedStatus `json:"retweeted_status"`
}

type retweetedStatus struct {
	IDStr    string      `json:"id_str"`
	ID       flexString  `json:"id"`
	Text     string      `json:"text"` // the original's whole text
	Entities rawEntities `json:"entities"`
	User     struct {
		ScreenName string `json:"screen_name"`
	} `json:"user"`
}

type rawEntities struct {
	Hashtags []hashtag  `json:"hashtags"`
	Mentions []mention  `json:"user_mentions"`
	URLs     []rawURL   `json:"urls"`
	Media    []rawMedia `json:"media"`
}

type hashtag struct {
	Text string `json:"text"`
}

type mention struct {
	ScreenName string     `json:"screen_name"`
	IDStr      flexString `json:"id_str"`
	ID         flexString `json:"id"`
}

type rawURL struct {
	URL      string     `json:"url"`
	Expanded string     `json:"expanded_url"`
	Indices  [2]flexInt `json:"indices"`
}

type rawMedia struct {
	Type      string     `json:"type"`
	MediaURL  string     `json:"media_url_https"`
	MediaHTTP string     `json:"media_url"`
	URL       string     `json:"url"`
	Indices   [2]flexInt `json:"indices"`
	VideoInfo struct {
		Variants []variant `json:"variants"`
	} `json:"video_info"`
	ExtAltText   string     `json:"ext_alt_text"`
	MediaAlt     string     `json:"media_alt"` // Grailbird, mid-2018 on
	SourceStatus flexString `json:"source_status_id_str"`
}

type variant struct {
	Bitrate     flexInt `json:"bitrate"`
	ContentType string  `json:"content_type"`
	URL         string  `json:"url"`
}

// rawEditInfo is what edit_info tells about the record's edit chain
// (docs §6.11): how many versions it has and the newest (largest) id.
type rawEditInfo struct {
	ChainLen int
	ChainMax uint64
}

// rawNote is a note-tweet.js record: the full text of a long post.
type rawNote struct {
	NoteTweet struct {
		ID        flexString `json:"noteTweetId"`
		CreatedAt string     `json:"createdAt"`
		Core      struct {
			Text string `json:"text"`
			URLs []struct {
				ShortURL    string  `json:"shortUrl"`
				ExpandedURL string  `json:"expandedUrl"`
				FromIndex   flexInt `json:"fromIndex"`
				ToIndex     flexInt `json:"toIndex"`
			} `json:"urls"`
			Mentions []struct {
				ScreenName string `json:"screenName"`
			} `json:"mentions"`
			Hashtags []struct {
				Text string `json:"text"`
			} `json:"hashtags"`
		} `json:"core"`
	} `json:"noteTweet"`
}
