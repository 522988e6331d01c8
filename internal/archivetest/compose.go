package archivetest

import (
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"
)

var sources = []string{
	`<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>`,
	`<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>`,
	`<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>`,
	`<a href="https://about.twitter.com/products/tweetdeck" rel="nofollow">TweetDeck</a>`,
}

const oldSource = `<a href="http://twitter.com" rel="nofollow">Twitter Web Client</a>`

var (
	rawAmpUntil = day(2012, 1, 1).UnixMilli()
	tcoLongFrom = day(2012, 6, 1).UnixMilli()
	xcomFrom    = day(2023, 7, 24).UnixMilli()
	altFrom     = day(2018, 6, 17).UnixMilli()

	longTweetsFrom = day(2017, 11, 7).UnixMilli()
)

var editSuffix = []string{"", " (fixed a typo)", " (now with the right link)"}

// compose builds version ver of slot s from its own random stream, so any
// tweet can be rebuilt alone. prev is the id a self-reply answers.
func (g *gen) compose(s *slot, stream uint64, ver int, prev uint64) *tweetModel {
	r := newRand(g.c.Seed, stream)
	m := &tweetModel{id: s.ids[ver], ms: s.ms[ver]}
	old := m.ms < rawAmpUntil
	t := &textBuilder{escape: true, rawAmp: old}
	m.lang = pick(r, langs)
	m.source = pick(r, sources)
	if old {
		m.source = oldSource
	}
	m.fav, m.rts = r.IntN(40), r.IntN(6)
	if r.IntN(4) == 0 {
		m.fav, m.rts = 0, 0
	}
	if s.note {
		g.composeNote(r, s, m, t, prev)
		return m
	}
	switch s.kind {
	case kRT:
		g.composeRetweet(r, t, m)
	case kReply, kMention:
		g.composeReply(r, s, t, m, ver)
	case kSelf:
		m.replyUser, m.replyName, m.replyStatus = g.acct.id, g.acct.username, u64(prev)
		if old {
			a, b := t.lit("@" + g.acct.username)
			m.mentions = append(m.mentions, mention{screen: g.acct.username, name: g.acct.display, id: g.acct.id, s: a, e: b})
			t.lit(" ")
		}
		g.body(r, t, m, 4+r.IntN(30), ver)
	case kQuote:
		g.body(r, t, m, 3+r.IntN(20), ver)
		t.lit(" ")
		g.quoteURL(r, t, m)
	default:
		g.body(r, t, m, 3+r.IntN(35), ver)
	}
	if s.nmedia > 0 {
		g.addMedia(r, s, m, t)
	}
	m.text, m.runes = t.b.String(), t.n
	if s.nver > 1 {
		ids := make([]uint64, s.nver)
		copy(ids, s.ids[:s.nver])
		m.edit = &editModel{ids: ids, version: ver, initialMs: s.ms[0]}
	}
	return m
}

// composeRetweet writes an old-style retweet, "RT @x: " and the
// original's text, and the original it quotes.
func (g *gen) composeRetweet(r *rand.Rand, t *textBuilder, m *tweetModel) {
	who := pick(r, g.people)
	t.lit("RT ")
	a, b := t.lit("@" + who.screen)
	m.mentions = append(m.mentions, mention{screen: who.screen, name: who.name, id: who.id, s: a, e: b})
	t.lit(": ")
	start := t.n
	g.body(r, t, m, 6+r.IntN(20), 0)
	m.fav = 0
	m.rtUser = who
	orig := &tweetModel{ms: m.ms - 60_000 - r.Int64N(86_400_000), source: pick(r, sources), lang: m.lang}
	orig.id = idFor(orig.ms, r.Uint64N(1<<20))
	// The original's text is what follows "RT @x: "; its entities shift.
	orig.text = string([]rune(t.b.String())[start:])
	orig.runes = t.n - start
	if r.IntN(3) > 0 {
		t.lit("…")
	}
	for _, x := range m.hashtags {
		orig.hashtags = append(orig.hashtags, hashtag{x.text, x.s - start, x.e - start})
	}
	for _, x := range m.urls {
		x.s, x.e = x.s-start, x.e-start
		orig.urls = append(orig.urls, x)
	}
	m.rtOf = orig
}

// composeReply writes a reply or a mention: the @names in front, then
// the text.
func (g *gen) composeReply(r *rand.Rand, s *slot, t *textBuilder, m *tweetModel, ver int) {
	who := pick(r, g.people)
	a, b := t.lit("@" + who.screen)
	m.mentions = append(m.mentions, mention{screen: who.screen, name: who.name, id: who.id, s: a, e: b})
	t.lit(" ")
	if r.IntN(6) == 0 {
		// A suspended or renamed account: unresolvable mention (§6.5).
		name := syllableName(r, 3)
		a, b := t.lit("@" + name)
		m.mentions = append(m.mentions, mention{screen: name, id: "-1", s: a, e: b})
		t.lit(" ")
	}
	m.replyUser = who.id
	if s.kind == kReply {
		m.replyStatus = u64(idFor(m.ms-30_000-r.Int64N(3*86_400_000), r.Uint64N(1<<20)))
		if r.IntN(10) > 0 {
			m.replyName = who.screen
		}
	} else {
		m.replyName = who.screen
	}
	g.body(r, t, m, 4+r.IntN(25), ver)
}

// body appends n words with hashtags, links, escapes and emoji mixed in.
// ver > 0 appends the edit's change.
func (g *gen) body(r *rand.Rand, t *textBuilder, m *tweetModel, n int, ver int) {
	if m.ms < longTweetsFrom {
		n = min(n, 12) // 140 characters until November 2017
	}
	if r.IntN(4) == 0 {
		t.lit(pick(r, emoji) + " ")
	}
	for w := range n {
		if w > 0 {
			t.plain(" ")
		}
		switch x := r.IntN(100); {
		case x < 4:
			t.lit(pick(r, emoji))
		case x < 8:
			tag := pick(r, hashtags)
			a, b := t.lit("#" + tag)
			m.hashtags = append(m.hashtags, hashtag{text: tag, s: a, e: b})
		case x < 10:
			g.link(r, t, m)
		case x < 13:
			t.plain(pick(r, []string{"&", "<3", "->", "R&D", "<b>", "A&B"}))
		case x < 14 && w > 0 && w < n-1:
			t.plain(pick(r, []string{"\n", "\n\n", ` "quoted" `}))
		case x < 15:
			who := pick(r, g.people)
			a, b := t.lit("@" + who.screen)
			m.mentions = append(m.mentions, mention{screen: who.screen, name: who.name, id: who.id, s: a, e: b})
		default:
			t.plain(pick(r, words))
		}
	}
	t.plain(editSuffix[ver])
}

var linkPaths = []string{"/posts/", "/blog/2019/", "/notes/", "/p/", "/articles/a-long-title-about-"}

func (g *gen) link(r *rand.Rand, t *textBuilder, m *tweetModel) {
	host := pick(r, []string{"example.com", "www.example.org", "blog.example.net", "example.org"})
	path := pick(r, linkPaths) + pick(r, words) + "-" + itoa(r.IntN(999))
	u := urlEnt{url: tco(r, m.ms < tcoLongFrom), expanded: "https://" + host + path}
	u.display = shorten(host + path)
	u.s, u.e = t.lit(u.url)
	m.urls = append(m.urls, u)
}

// quoteURL appends a link to someone's status: a quote tweet (§6.10).
func (g *gen) quoteURL(r *rand.Rand, t *textBuilder, m *tweetModel) urlEnt {
	who := pick(r, g.people)
	host := "twitter.com"
	if m.ms >= xcomFrom && r.IntN(2) == 0 {
		host = "x.com"
	}
	id := idFor(m.ms-60_000-r.Int64N(30*86_400_000), r.Uint64N(1<<20))
	path := host + "/" + who.screen + "/status/" + u64(id)
	if id%5 == 0 {
		// Shared links and like.js use the form without a user name;
		// it is a tweet link all the same.
		path = host + "/i/web/status/" + u64(id)
	}
	full := "https://" + path + pick(r, []string{"", "", "?s=20", "?s=21&t=Ab12Cd34Ef56Gh78", "/photo/1"})
	u := urlEnt{url: tco(r, m.ms < tcoLongFrom), expanded: full, display: shorten(path)}
	u.s, u.e = t.lit(u.url)
	m.urls = append(m.urls, u)
	return u
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 26 {
		return s
	}
	return string([]rune(s)[:25]) + "…"
}

func (g *gen) addMedia(r *rand.Rand, s *slot, m *tweetModel, t *textBuilder) {
	t.lit(" ")
	link := tco(r, m.ms < tcoLongFrom)
	a, b := t.lit(link)
	picHost := "pic.twitter.com/"
	if m.ms >= xcomFrom {
		picHost = "pic.x.com/"
	}
	display := picHost + link[strings.LastIndexByte(link, '/')+1:]
	owner, ownerID, statusID := g.acct.username, "", m.id
	if m.rtOf != nil {
		owner, ownerID, statusID = m.rtUser.screen, m.rtUser.id, m.rtOf.id
	}
	baseMs := max(m.ms-1500, twitterEpochMs+1000)
	for k := range int(s.nmedia) {
		it := mediaItem{tco: link, display: display, s: a, e: b, id: snowflake(baseMs-int64(k)*7, 0x380000|uint64(k))}
		keyA := key(g.c.Seed, m.id, k, 15)
		switch s.media {
		case mVideo:
			it.typ = "video"
			it.mediaURL = "https://pbs.twimg.com/ext_tw_video_thumb/" + u64(it.id) + "/pu/img/" + keyA + ".jpg"
			base := "https://video.twimg.com/ext_tw_video/" + u64(it.id) + "/pu/"
			best := key(g.c.Seed, m.id, 10+k, 16)
			vs := []variant{
				{bitrate: "832000", ctype: "video/mp4", url: base + "vid/640x360/" + key(g.c.Seed, m.id, 20+k, 16) + ".mp4?tag=12"},
				{ctype: "application/x-mpegURL", url: base + "pl/" + key(g.c.Seed, m.id, 30+k, 16) + ".m3u8?tag=12&container=fmp4"},
				{bitrate: "2176000", ctype: "video/mp4", url: base + "vid/1280x720/" + best + ".mp4?tag=12"},
				{bitrate: "256000", ctype: "video/mp4", url: base + "vid/480x270/" + key(g.c.Seed, m.id, 40+k, 16) + ".mp4?tag=12"},
			}
			r.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
			it.variants, it.durationMs, it.aspect = vs, 3000+r.IntN(120_000), [2]int{16, 9}
			it.w, it.h, it.file = 1280, 720, best+".mp4"
		case mGIF:
			it.typ = "animated_gif"
			it.mediaURL = "https://pbs.twimg.com/tweet_video_thumb/" + keyA + ".jpg"
			it.variants = []variant{{bitrate: "0", ctype: "video/mp4", url: "https://video.twimg.com/tweet_video/" + keyA + ".mp4"}}
			it.aspect, it.w, it.h, it.file = [2]int{4, 3}, 480, 360, keyA+".mp4"
		default:
			it.typ = "photo"
			ext := ".jpg"
			if r.IntN(8) == 0 {
				ext = ".png"
			}
			it.mediaURL = "https://pbs.twimg.com/media/" + keyA + ext
			it.w, it.h, it.file = 1200+r.IntN(900), 800+r.IntN(900), keyA+ext
		}
		kindPath := "/photo/"
		if s.media == mVideo {
			kindPath = "/video/"
		}
		it.expnd = "https://twitter.com/" + owner + "/status/" + u64(statusID) + kindPath + itoa(k+1)
		if m.rtOf != nil {
			it.srcStatus, it.srcUser = u64(m.rtOf.id), ownerID
		}
		if g.c.AltText && r.IntN(3) == 0 {
			it.alt, it.hasAlt = "A synthetic picture of a "+pick(r, words)+" "+pick(r, words), true
		}
		if g.c.Era == EraGrailbird && m.ms >= altFrom {
			it.hasAlt = true // media_alt appears mid-2018, often empty
			if r.IntN(3) == 0 {
				it.alt = "Invented alt text: a " + pick(r, words) + " by the " + pick(r, words)
			}
		}
		m.media = append(m.media, it)
	}
}

// composeNote builds a long post: the note's full text, and the tweet whose
// full_text is that text cut to about 270 code points plus "…" (§8).
func (g *gen) composeNote(r *rand.Rand, s *slot, m *tweetModel, t *textBuilder, prev uint64) {
	nt := &textBuilder{}
	note := &noteModel{styled: r.IntN(8) > 0}
	// The part that ends up in full_text stays free of & < > so the
	// documented prefix rule (escaped full_text vs plain note) can match.
	for nt.n < 300 {
		g.noteSentence(r, nt, note, true)
	}
	for nt.n < 420+r.IntN(500) {
		g.noteSentence(r, nt, note, false)
	}
	quote := r.IntN(3) == 0
	var q urlEnt
	if quote {
		q = g.quoteURL(r, nt, m) // the last sentence ended with a space
		m.urls = nil
		note.urls = append(note.urls, q)
	}
	note.text = strings.TrimRight(nt.b.String(), " ")

	// Leading reply mentions are in full_text but not in the note.
	switch s.kind {
	case kReply:
		who := pick(r, g.people)
		a, b := t.lit("@" + who.screen)
		t.lit(" ")
		m.mentions = append(m.mentions, mention{screen: who.screen, name: who.name, id: who.id, s: a, e: b})
		m.replyUser, m.replyName = who.id, who.screen
		m.replyStatus = u64(idFor(m.ms-30_000-r.Int64N(86_400_000), r.Uint64N(1<<20)))
	case kSelf:
		m.replyUser, m.replyName, m.replyStatus = g.acct.id, g.acct.username, u64(prev)
	}
	shift := t.n
	runes := []rune(note.text)
	cut := 270
	for cut > 0 && runes[cut] != ' ' || insideEntity(note, cut) {
		cut--
	}
	// The tweet gives each link a t.co code of its own, different from
	// the note's (as real archives do): only the link's place is shared.
	head := string(runes[:cut])
	for _, x := range note.urls {
		if x.e <= cut {
			head = strings.Replace(head, x.url, otherTco(x.url), 1)
		}
	}
	t.lit(head)
	t.lit("…")
	g.noteEntities(m, note, cut, shift)
	if quote {
		q.url = otherTco(q.url)
		t.lit(" ")
		q.s, q.e = t.lit(q.url)
		m.urls = append(m.urls, q)
	}
	m.text, m.runes = t.b.String(), t.n
	// The note was created a few ms before its tweet, in the same second.
	note.ms = m.ms - 13 - r.Int64N(29)
	note.id = snowflake(note.ms, 0x100000|r.Uint64N(1<<20))
	note.ms = time.UnixMilli(m.ms).Truncate(time.Second).UnixMilli()
	m.note = note
}

// noteSentence appends a sentence of 6–15 words with entities to a
// note's text. A safe one holds no & < > (see composeNote).
func (g *gen) noteSentence(r *rand.Rand, nt *textBuilder, note *noteModel, safe bool) {
	for w := range 6 + r.IntN(10) {
		if w > 0 {
			nt.plain(" ")
		}
		switch x := r.IntN(100); {
		case x < 4:
			nt.lit(pick(r, emoji))
		case x < 8:
			tag := pick(r, hashtags)
			a, b := nt.lit("#" + tag)
			note.hashtags = append(note.hashtags, hashtag{text: tag, s: a, e: b})
		case x < 10:
			u := urlEnt{url: tco(r, false), expanded: "https://example.net/long/" + pick(r, words)}
			u.display = shorten(u.expanded[len("https://"):])
			u.s, u.e = nt.lit(u.url)
			note.urls = append(note.urls, u)
		case x < 12 && nt.n > 0:
			// Never first: a leading @ would read as a reply prefix.
			who := pick(r, g.people)
			a, b := nt.lit("@" + who.screen)
			note.mentions = append(note.mentions, mention{screen: who.screen, s: a, e: b})
		case x < 15 && !safe:
			// Note text is not HTML-escaped: raw > and & (§8).
			nt.plain(pick(r, []string{"->", "A & B", ">", "x<y"}))
		default:
			nt.plain(pick(r, words))
		}
	}
	nt.plain(". ")
}

// noteEntities gives the tweet m the note's entities that lie within
// its first cut code points, shifted past the tweet's leading mentions;
// links get t.co codes of their own.
func (g *gen) noteEntities(m *tweetModel, note *noteModel, cut, shift int) {
	for _, x := range note.mentions {
		if x.e <= cut {
			m.mentions = append(m.mentions, mention{screen: x.screen, name: capitalize(x.screen), id: g.idOf(x.screen), s: x.s + shift, e: x.e + shift})
		}
	}
	for _, x := range note.hashtags {
		if x.e <= cut {
			m.hashtags = append(m.hashtags, hashtag{x.text, x.s + shift, x.e + shift})
		}
	}
	for _, x := range note.urls {
		if x.e <= cut {
			x.s, x.e = x.s+shift, x.e+shift
			x.url = otherTco(x.url)
			m.urls = append(m.urls, x)
		}
	}
}

func insideEntity(n *noteModel, at int) bool {
	in := func(s, e int) bool { return s < at && at < e }
	for _, x := range n.urls {
		if in(x.s, x.e) {
			return true
		}
	}
	for _, x := range n.mentions {
		if in(x.s, x.e) {
			return true
		}
	}
	for _, x := range n.hashtags {
		if in(x.s, x.e) {
			return true
		}
	}
	return false
}

func (g *gen) idOf(screen string) string {
	for _, p := range g.people {
		if p.screen == screen {
			return p.id
		}
	}
	return "-1"
}
