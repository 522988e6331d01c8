package archivetest

import (
	"strings"
	"unicode/utf8"
)

// tweetModel is one tweet record before it is printed in an era's shape.
// Entity offsets are code points into text, which is already HTML-escaped,
// exactly as in real archives (archive-format.md §6.4).
type tweetModel struct {
	id       uint64
	ms       int64
	text     string
	runes    int
	mentions []mention
	hashtags []hashtag
	urls     []urlEnt
	media    []mediaItem

	replyStatus, replyUser, replyName string

	lang, source string
	fav, rts     int
	sensitive    bool

	// rtOf is the original of a native retweet (only printed by Grailbird).
	rtOf   *tweetModel
	rtUser person

	edit *editModel
	note *noteModel
}

type mention struct {
	screen, name, id string
	s, e             int
}

type hashtag struct {
	text string
	s, e int
}

type urlEnt struct {
	url, expanded, display string
	s, e                   int
}

type variant struct {
	bitrate string // "" for HLS, which has none
	ctype   string
	url     string
}

type mediaItem struct {
	typ                 string // photo, video, animated_gif
	id                  uint64
	mediaURL            string // https form
	tco, display, expnd string
	s, e                int
	variants            []variant
	durationMs          int
	aspect              [2]int
	w, h                int
	alt                 string
	hasAlt              bool
	srcStatus, srcUser  string
	file                string // basename in the media folder, without the tweet id
}

// editModel is the edit chain a version belongs to (era D).
type editModel struct {
	ids     []uint64
	version int
	// initialMs is the creation time of the first version.
	initialMs int64
}

// noteModel is a long post in note-tweet.js. Its offsets count code points
// in text, which is plain, not HTML-escaped (§8).
type noteModel struct {
	id       uint64
	ms       int64
	text     string
	urls     []urlEnt
	mentions []mention
	hashtags []hashtag
	styled   bool
}

// textBuilder appends to a tweet text while counting code points, so
// entity indices come out right with escapes and emoji in front of them.
type textBuilder struct {
	b      strings.Builder
	n      int
	escape bool
	rawAmp bool // tweets before 2012 kept "&" unescaped
}

// plain appends ordinary text, HTML-escaping it like the exporter did.
func (t *textBuilder) plain(s string) {
	for _, r := range s {
		switch {
		case !t.escape:
			t.b.WriteRune(r)
			t.n++
			continue
		case r == '&' && !t.rawAmp:
			t.lit("&amp;")
		case r == '<':
			t.lit("&lt;")
		case r == '>':
			t.lit("&gt;")
		default:
			t.b.WriteRune(r)
			t.n++
		}
	}
}

// lit appends text that needs no escaping and returns its code-point span.
func (t *textBuilder) lit(s string) (int, int) {
	start := t.n
	t.b.WriteString(s)
	t.n += utf8.RuneCountInString(s)
	return start, t.n
}
