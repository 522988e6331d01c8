package importer

import (
	"strconv"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/archive"
)

// quotePlaceholder stands in for a self-quote's link while the text is
// split: our copy's address is only known once the quoted post exists,
// so the budget reserves room for a long one (on servers that count URLs
// at full length; Mastodon counts any URL as 23).
const quotePlaceholder = "https://fledge.invalid/quote/qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"

// compile turns a kept tweet into its posts: text segments paired with
// media groups, replies chained, the quote resolved. It also returns the
// media that cannot be attached.
func (p *Planner) compile(t *archive.Tweet) ([]PlannedPost, []MediaIssue, error) {
	media, issues := p.media(t)
	groups := groupMedia(media, p.cfg.Server.MaxMedia)

	body := p.bodyText(t)
	quoteOf, native := p.selfQuote(t)
	if quoteOf != "" {
		if strings.Contains(body, t.QuoteURL) {
			body = strings.Replace(body, t.QuoteURL, quotePlaceholder, 1)
		} else {
			body = strings.TrimSpace(body + "\n\n" + quotePlaceholder)
		}
	}
	foot, err := p.footer.render(FooterData{
		Date:     t.CreatedAt.UTC().Format(time.DateOnly),
		Time:     t.CreatedAt.UTC(),
		URL:      tweetURL(p.cfg.Username, t.IDStr),
		ID:       t.IDStr,
		Username: p.cfg.Username,
	})
	if err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(body) == "" && len(groups) == 0 {
		return nil, issues, nil
	}
	segs, err := splitText(body, p.limit, p.count, func(i, n int) string {
		return postSuffix(i, n, foot)
	})
	if err != nil {
		return nil, nil, err
	}

	n := max(len(segs), len(groups))
	posts := make([]PlannedPost, n)
	for i := range posts {
		pp := &posts[i]
		pp.Key = postKey(t.ID, i)
		pp.TweetID = t.IDStr
		pp.Segment, pp.Segments = i, n
		if i < len(segs) {
			pp.Text = composePost(segs[i], i, len(segs), foot)
		}
		if i < len(groups) {
			pp.Media = groups[i]
		}
		switch {
		case i > 0:
			pp.ReplyTo = postKey(t.ID, i-1)
		case t.SelfReply:
			pp.ReplyTo = p.lastPostOf(t.ReplyToID)
		}
		pp.Visibility, pp.Audience = p.audienceOf(t)
		if p.cfg.Options.Language {
			pp.Language = isoLanguage(t.Lang)
		}
		pp.CreatedAt = t.CreatedAt.UTC()
		if p.cfg.Options.Backdate {
			// Milliseconds keep a tweet's posts in order on the server,
			// which derives status ids from scheduled_at.
			pp.ScheduledAt = pp.CreatedAt.Add(time.Duration(i) * time.Millisecond)
		}
		if quoteOf != "" && strings.Contains(pp.Text, quotePlaceholder) {
			p.placeQuote(pp, quoteOf, t.QuoteURL, native)
		}
	}
	return posts, issues, nil
}

// placeQuote puts the quote into the post holding the placeholder.
func (p *Planner) placeQuote(pp *PlannedPost, quoteOf, url string, native bool) {
	pp.QuoteOf, pp.QuoteURL = quoteOf, url
	if native {
		rest := strings.Replace(pp.Text, " "+quotePlaceholder, "", 1)
		rest = strings.TrimSpace(strings.Replace(rest, quotePlaceholder, "", 1))
		if rest != "" || len(pp.Media) > 0 {
			pp.Text, pp.QuoteNative = rest, true
			return
		}
	}
	pp.Text = strings.Replace(pp.Text, quotePlaceholder, url, 1)
}

// media checks a tweet's attachments and picks their alt text.
func (p *Planner) media(t *archive.Tweet) ([]PlannedMedia, []MediaIssue) {
	var media []PlannedMedia
	var issues []MediaIssue
	for _, m := range t.Media {
		pm, reason := checkMedia(m, p.cfg.Server, p.cfg.Size)
		if reason != "" {
			file := m.File
			if file == "" {
				file = m.URL
			}
			issues = append(issues, MediaIssue{TweetID: t.IDStr, File: file, Reason: reason})
			continue
		}
		alt := m.Alt
		if alt == "" {
			alt = p.cfg.Alt.Lookup(t.IDStr, m.File)
		}
		pm.Alt = fitAlt(alt, p.cfg.Server.DescriptionMax)
		media = append(media, pm)
	}
	return media, issues
}

// bodyText is the tweet's text as it will be posted, before splitting.
func (p *Planner) bodyText(t *archive.Tweet) string {
	text := t.Text
	if t.Retweet {
		text = retweetText(t)
	}
	if t.SelfReply {
		text = stripReplyPrefix(text, t.ReplyToScreenName)
	}
	return rewriteMentions(text, p.cfg.Options.Mentions, p.cfg.Handles)
}

// selfQuote reports whether t quotes one of our planned tweets: the key
// of its first post, and whether to quote natively.
func (p *Planner) selfQuote(t *archive.Tweet) (string, bool) {
	if t.QuoteURL == "" {
		return "", false
	}
	id, ok := statusIDFromURL(t.QuoteURL)
	if !ok {
		return "", false
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || p.segments[n] == 0 {
		return "", false
	}
	// A private post is not quoted natively by a wider one: the server
	// would refuse, and the quote would show it to a wider audience.
	vis, _ := p.audienceOf(t)
	native := p.cfg.Server.NativeQuotes && !p.cfg.Options.Backdate && (!p.private[n] || vis == VisibilityPrivate)
	return postKey(n, 0), native
}

// lastPostOf is the key of the last post a planned tweet became, so a
// reply continues the thread after all of its parent's segments; "" when
// the parent was not planned (skipped or filtered): the reply then starts
// its own thread rather than being lost.
func (p *Planner) lastPostOf(tweetID string) string {
	n, err := strconv.ParseUint(tweetID, 10, 64)
	if err != nil {
		return ""
	}
	if segs := p.segments[n]; segs > 0 {
		return postKey(n, int(segs)-1)
	}
	return ""
}

// postSuffix is what follows segment i of n, as composePost writes it;
// splitting reserves room for it.
func postSuffix(i, n int, foot string) string {
	s := ""
	if n > 1 {
		s = " (" + strconv.Itoa(i+1) + "/" + strconv.Itoa(n) + ")"
	}
	if i == 0 && foot != "" {
		s += "\n\n" + foot
	}
	return s
}

// composePost adds the marker and, on the first post, the footer.
func composePost(seg string, i, n int, foot string) string {
	s := seg
	if n > 1 {
		s += " (" + strconv.Itoa(i+1) + "/" + strconv.Itoa(n) + ")"
	}
	if i == 0 && foot != "" {
		if s != "" {
			s += "\n\n"
		}
		s += foot
	}
	return strings.TrimSpace(s)
}

// retweetText is the short post a retweet becomes: who was retweeted and
// a link to the original, or the archive's (cut) text when the original
// is unknown. When the archive has the original's whole text (Grailbird's
// retweeted_status), that text is posted, followed by the link.
func retweetText(t *archive.Tweet) string {
	if t.RetweetWhole {
		if t.RetweetOfURL == "" {
			return t.Text
		}
		return t.Text + "\n\n" + t.RetweetOfURL
	}
	if t.RetweetOfURL == "" {
		return t.Text
	}
	name := ""
	if rest, ok := strings.CutPrefix(t.Text, "RT @"); ok {
		name = rest[:screenNameLen(rest)]
	}
	if name == "" {
		return "RT " + t.RetweetOfURL
	}
	return "RT @" + name + ": " + t.RetweetOfURL
}

// stripReplyPrefix drops the leading "@self" a self-reply's text may
// start with: it addresses our own earlier tweet, which the thread
// already shows.
func stripReplyPrefix(text, self string) string {
	if self == "" {
		return text
	}
	for {
		rest, ok := strings.CutPrefix(text, "@")
		if !ok || len(rest) < len(self) || !strings.EqualFold(rest[:len(self)], self) {
			return text
		}
		after := rest[len(self):]
		if after != "" && isNameByte(after[0]) {
			return text
		}
		text = strings.TrimLeft(after, " \t\n")
	}
}

// isoLanguage turns Twitter's lang into an ISO 639-1 code, or "" for
// Twitter's pseudo-languages (und, zxx, qme, …).
func isoLanguage(lang string) string {
	lang = strings.ToLower(lang)
	switch lang {
	case "in":
		return "id"
	case "iw":
		return "he"
	case "ji":
		return "yi"
	}
	if len(lang) != 2 || lang[0] < 'a' || lang[0] > 'z' || lang[1] < 'a' || lang[1] > 'z' {
		return ""
	}
	return lang
}
