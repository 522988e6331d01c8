package archive

// The raw* types mirror the JSON of the data files. Only the fields we use
// are declared; everything else is skipped by the decoder, which is what
// keeps decoding fast and tolerant of new fields.

// tweetElem is one element of a tweet file: either {"tweet": {...}} (eras
// C and D, deleted and community tweets) or the bare tweet object (era B and
// Grailbird). Inlining the bare form lets one decoding pass handle both.
//
// Tweet is a value, not a pointer, so that decoding a record does not
// allocate a fresh rawTweet each time; wrapped tells the two forms apart.
type tweetElem struct {
	Tweet    rawTweet `json:"tweet"`
	rawTweet `json:",inline"`
}

// record returns the tweet the element holds.
func (e *tweetElem) record() *rawTweet {
	if e.Tweet.present() {
		return &e.Tweet
	}
	return &e.rawTweet
}

// present reports whether any identifying field was decoded.
func (r *rawTweet) present() bool {
	return r.IDStr != "" || r.ID != "" || r.Created != "" || r.FullText != "" || r.Text != ""
}

type rawTweet struct {
	IDStr    string     `json:"id_str"`
	ID       flexString `json:"id"`
	Created  string     `json:"created_at"`
	FullText string     `json:"full_text"`
	Text     string     `json:"text"` // Grailbird
	Lang     string     `json:"lang"`

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
	RetweetedStatus *struct {
		IDStr string     `json:"id_str"`
		ID    flexString `json:"id"`
		User  struct {
			ScreenName string `json:"screen_name"`
		} `json:"user"`
	} `json:"retweeted_status"`

	DeletedAt   string     `json:"deleted_at"`
	CommunityID flexString `json:"community_id_str"`
}

type rawEntities struct {
	Hashtags []struct {
		Text string `json:"text"`
	} `json:"hashtags"`
	Mentions []struct {
		ScreenName string     `json:"screen_name"`
		IDStr      flexString `json:"id_str"`
		ID         flexString `json:"id"`
	} `json:"user_mentions"`
	URLs  []rawURL   `json:"urls"`
	Media []rawMedia `json:"media"`
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
	Expanded  string     `json:"expanded_url"`
	Indices   [2]flexInt `json:"indices"`
	VideoInfo struct {
		Variants []struct {
			Bitrate     flexInt `json:"bitrate"`
			ContentType string  `json:"content_type"`
			URL         string  `json:"url"`
		} `json:"variants"`
	} `json:"video_info"`
	ExtAltText   string     `json:"ext_alt_text"`
	MediaAlt     string     `json:"media_alt"` // Grailbird, mid-2018 on
	SourceStatus flexString `json:"source_status_id_str"`
}

type rawEditInfo struct {
	Initial struct {
		EditTweetIDs []string `json:"editTweetIds"`
	} `json:"initial"`
	Edit struct {
		InitialTweetID     string `json:"initialTweetId"`
		EditControlInitial struct {
			EditTweetIDs []string `json:"editTweetIds"`
		} `json:"editControlInitial"`
	} `json:"edit"`
}

// chain returns the ids of the edit chain the tweet belongs to, if any.
func (e *rawEditInfo) chain() []string {
	if len(e.Initial.EditTweetIDs) > 0 {
		return e.Initial.EditTweetIDs
	}
	return e.Edit.EditControlInitial.EditTweetIDs
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
