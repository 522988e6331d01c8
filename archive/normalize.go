package archive

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// tweetContext carries what normalizing a record needs beyond the record.
type tweetContext struct {
	accountID string
	source    string          // archive path of the tweet file
	grailbird bool            // media from entities.media, no media files
	mediaDir  string          // archive path of the media folder, "" if none
	media     map[string]bool // file names present in mediaDir
}

// normalize turns a decoded record into a Tweet (docs §16 steps 5–7).
func (c *tweetContext) normalize(r *rawTweet) (*Tweet, error) {
	t := &Tweet{Source: c.source, Lang: r.Lang}
	if err := identify(t, r); err != nil {
		return nil, err
	}
	t.RawText = r.FullText
	if t.RawText == "" {
		t.RawText = r.Text
	}
	t.FavoriteCount, t.RetweetCount = int(r.FavoriteCount), int(r.RetweetCount)

	t.ReplyToID = firstNonEmpty(string(r.ReplyStatusStr), string(r.ReplyStatus))
	t.ReplyToUserID = firstNonEmpty(string(r.ReplyUserStr), string(r.ReplyUser))
	t.ReplyToScreenName = r.ReplyName
	t.SelfReply = t.ReplyToUserID != "" && t.ReplyToUserID == c.accountID

	t.Hashtags = hashtagsOf(r)
	t.Mentions = mentionsOf(r)
	edits := make([]edit, 0, len(r.Entities.URLs)+1)
	t.URLs, edits = urlsOf(r, edits)

	media := r.Extended.Media
	if c.grailbird {
		media = r.Entities.Media // Grailbird has nothing else (docs §17.3)
	}
	if len(media) > 0 {
		t.Media = make([]Media, 0, len(media))
		for i := range media {
			t.Media = append(t.Media, c.mediaOf(t.IDStr, &media[i]))
		}
		// All media of a tweet share one t.co link; drop it from the text.
		m := &media[0]
		if m.URL != "" {
			edits = append(edits, edit{start: int(m.Indices[0]), end: int(m.Indices[1]), old: m.URL})
		}
	}

	t.Text = finishText(t.RawText, edits, len(media) > 0)
	markRetweet(t, r, media)
	if !t.Retweet {
		t.QuoteURL = lastStatusURL(t.URLs)
	}
	return t, nil
}

// identify sets t's id and date from the record, refusing a record
// without them or with impossible ones.
func identify(t *Tweet, r *rawTweet) error {
	t.IDStr = r.IDStr
	if t.IDStr == "" {
		t.IDStr = string(r.ID)
	}
	if t.IDStr == "" {
		return errors.New("tweet has no id")
	}
	id, err := strconv.ParseUint(t.IDStr, 10, 64)
	if err != nil {
		return fmt.Errorf("invalid tweet id %q", truncate(t.IDStr, 30))
	}
	t.ID = id
	if id == 0 {
		return errors.New("tweet id 0 is not a real tweet id")
	}
	switch created := strings.TrimSpace(r.Created); {
	case !r.CreatedTime.IsZero():
		t.CreatedAt = r.CreatedTime
	case created == "":
		return fmt.Errorf("tweet %s has no created_at", t.IDStr)
	default:
		if t.CreatedAt, err = parseDate(created); err != nil {
			return fmt.Errorf("tweet %s: %w", t.IDStr, err)
		}
	}
	if err := checkTweetDate(t.CreatedAt); err != nil {
		return fmt.Errorf("tweet %s: %w", t.IDStr, err)
	}
	return nil
}

func hashtagsOf(r *rawTweet) []string {
	if len(r.Entities.Hashtags) == 0 {
		return nil
	}
	tags := make([]string, len(r.Entities.Hashtags))
	for i, h := range r.Entities.Hashtags {
		tags[i] = h.Text
	}
	return tags
}

func mentionsOf(r *rawTweet) []Mention {
	if len(r.Entities.Mentions) == 0 {
		return nil
	}
	mentions := make([]Mention, len(r.Entities.Mentions))
	for i, m := range r.Entities.Mentions {
		mid := firstNonEmpty(string(m.IDStr), string(m.ID))
		if mid == "-1" {
			mid = "" // unresolvable account: the screen name is all there is
		}
		mentions[i] = Mention{ScreenName: m.ScreenName, ID: mid}
	}
	return mentions
}

// urlsOf returns the record's links, expanded, and adds to edits the
// expansion of each in the text.
func urlsOf(r *rawTweet, edits []edit) ([]string, []edit) {
	if len(r.Entities.URLs) == 0 {
		return nil, edits
	}
	urls := make([]string, 0, len(r.Entities.URLs))
	for _, u := range r.Entities.URLs {
		exp := u.Expanded
		if exp == "" {
			exp = u.URL // rare: url + indices only (docs §6.5)
		}
		urls = append(urls, exp)
		edits = append(edits, edit{start: int(u.Indices[0]), end: int(u.Indices[1]), old: u.URL, repl: exp})
	}
	return urls, edits
}

// markRetweet says whether t is a retweet and, when the record tells,
// of which tweet; a Grailbird retweet carries the original whole.
func markRetweet(t *Tweet, r *rawTweet, media []rawMedia) {
	t.Retweet = strings.HasPrefix(t.RawText, "RT @") || r.RetweetedStatus != nil
	switch rs := r.RetweetedStatus; {
	case rs != nil:
		if sid := firstNonEmpty(rs.IDStr, string(rs.ID)); sid != "" && rs.User.ScreenName != "" {
			t.RetweetOfURL = "https://twitter.com/" + rs.User.ScreenName + "/status/" + sid
		}
		if rs.Text != "" && rs.User.ScreenName != "" {
			// The outer text is often cut with "…"; the original is whole.
			t.Text = "RT @" + rs.User.ScreenName + ": " + originalText(rs)
			t.RetweetWhole = true
			for _, u := range rs.Entities.URLs {
				t.URLs = appendMissing(t.URLs, firstNonEmpty(u.Expanded, u.URL))
			}
		}
	case t.Retweet && len(media) > 0 && media[0].SourceStatus != "" && len(t.Mentions) > 0:
		t.RetweetOfURL = "https://twitter.com/" + t.Mentions[0].ScreenName + "/status/" + string(media[0].SourceStatus)
	}
}

// lastStatusURL is the last link to a tweet, the one a quote tweet
// quotes, or "".
func lastStatusURL(urls []string) string {
	for i := len(urls) - 1; i >= 0; i-- {
		if isStatusURL(urls[i]) {
			return urls[i]
		}
	}
	return ""
}

// finishText applies the index-based edits (links expanded, the media
// link removed) and then undoes the HTML escapes (docs §6.4).
func finishText(raw string, edits []edit, hasMedia bool) string {
	text := applyEdits(raw, edits)
	if hasMedia {
		text = strings.TrimRight(text, " \n")
	}
	return unescapeHTML(text)
}

// originalText is a Grailbird retweet's original text, links expanded
// and its media link removed.
func originalText(rs *retweetedStatus) string {
	edits := make([]edit, 0, len(rs.Entities.URLs)+1)
	for _, u := range rs.Entities.URLs {
		edits = append(edits, edit{start: int(u.Indices[0]), end: int(u.Indices[1]), old: u.URL, repl: firstNonEmpty(u.Expanded, u.URL)})
	}
	if len(rs.Entities.Media) > 0 && rs.Entities.Media[0].URL != "" {
		m := &rs.Entities.Media[0]
		edits = append(edits, edit{start: int(m.Indices[0]), end: int(m.Indices[1]), old: m.URL})
	}
	return finishText(rs.Text, edits, len(rs.Entities.Media) > 0)
}

// mediaOf describes one media item and finds its file (docs §6.7):
// `<tweet id>-<basename>` of media_url_https for photos, of the best mp4
// variant for video and GIF.
func (c *tweetContext) mediaOf(tweetID string, m *rawMedia) Media {
	out := Media{Type: m.Type, Alt: firstNonEmpty(m.ExtAltText, m.MediaAlt)}
	if out.Type == "" {
		out.Type = "photo"
	}
	out.URL = firstNonEmpty(m.MediaURL, m.MediaHTTP)
	if out.Type == "video" || out.Type == "animated_gif" {
		best := int64(-1)
		for _, v := range m.VideoInfo.Variants {
			if v.ContentType != "video/mp4" && !strings.Contains(baseName(v.URL), ".mp4") {
				continue
			}
			if int64(v.Bitrate) > best {
				best, out.URL = int64(v.Bitrate), v.URL
			}
		}
	}
	if c.mediaDir != "" && out.URL != "" {
		name := tweetID + "-" + baseName(out.URL)
		if c.media[name] {
			out.File = join(c.mediaDir, name)
		}
	}
	return out
}

// missingMedia counts t's media items and those without a file in the
// archive (all of them in Grailbird archives, which hold no media).
func missingMedia(t *Tweet) (referenced, missing int) {
	for _, m := range t.Media {
		referenced++
		if m.File == "" {
			missing++
		}
	}
	return referenced, missing
}

// twitterLaunch is when the first tweet was posted; no tweet is older.
var twitterLaunch = time.Date(2006, 3, 21, 0, 0, 0, 0, time.UTC)

// futureSlack is how far past the local clock a created_at may lie (a
// slow clock, time zones) before it counts as impossible.
const futureSlack = 24 * time.Hour

// checkTweetDate rejects dates no tweet can have: before Twitter existed
// or later than tomorrow. A damaged or hand-made record would otherwise be
// planned at year 1 or in the future.
func checkTweetDate(at time.Time) error {
	switch {
	case at.Before(twitterLaunch):
		return fmt.Errorf("created_at %s is before Twitter existed (2006-03-21): the record is damaged; fix or remove it", at.UTC().Format(time.RFC3339))
	case at.After(time.Now().Add(futureSlack)):
		return fmt.Errorf("created_at %s is in the future: the record is damaged; fix or remove it", at.UTC().Format(time.RFC3339))
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
