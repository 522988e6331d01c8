package archivetest

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// statusURL is how a quote tweet shows itself: a link to a status on
// twitter.com or x.com (§6.10).
var statusURL = regexp.MustCompile(`^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:[^/]+/status|i/web/status)/\d+`)

// tally adds one surviving own tweet to the expected summary, applying the
// definitions of `archive inspect` to what was actually written.
func (g *gen) tally(m *tweetModel, firstItem int32, mediaFiles bool) {
	e := &g.exp
	e.Total++
	g.ids = append(g.ids, m.id)
	t := time.UnixMilli(m.ms).UTC().Truncate(time.Second)
	if e.First.IsZero() || t.Before(e.First) {
		e.First = t
	}
	if t.After(e.Last) {
		e.Last = t
	}
	rt := strings.HasPrefix(m.text, "RT @") || ((g.c.Era == EraGrailbird || g.c.Era == EraGrailbirdCSV) && m.rtOf != nil)
	if rt {
		e.Retweets++
	}
	switch {
	case m.replyUser == "":
	case m.replyUser == g.acct.id:
		e.SelfReplies++
	default:
		e.Replies++
	}
	if !rt && slices.ContainsFunc(m.urls, func(u urlEnt) bool { return statusURL.MatchString(u.expanded) }) {
		e.Quotes++
	}
	if m.note != nil {
		e.Long++
	}
	if len(m.media) > 0 {
		e.WithMedia++
		e.MediaReferenced += len(m.media)
		for k := range m.media {
			if mediaFiles && !g.isMissing(int(firstItem)+k) {
				e.MediaPresent++
			} else {
				e.MediaMissing++ // Grailbird: no media files at all
			}
		}
	}
}

func (g *gen) finish() Expected {
	slices.Sort(g.ids)
	g.exp.TweetIDs = make([]string, len(g.ids))
	for i, id := range g.ids {
		g.exp.TweetIDs[i] = u64(id)
	}
	return g.exp
}
