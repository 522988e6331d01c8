package archivetest

import (
	"bufio"
	"math/rand/v2"
	"strconv"
	"time"
)

func (g *gen) writeAccount(o *out, l layout) error {
	a := g.acct
	var acc obj
	if g.c.Era == EraGDPR2018 {
		// Era B: epoch milliseconds as strings, time zone still here (§5).
		acc = obj{{"phoneNumber", "+15555550123"}, {"email", a.username + "@example.com"}, {"createdVia", "web"},
			{"username", a.username}, {"accountId", a.id}, {"createdAt", strconv.FormatInt(a.createdMs, 10)},
			{"updatedAt", strconv.FormatInt(g.sp.generated.UnixMilli()-86_400_000, 10)},
			{"timeZone", "Amsterdam"}, {"accountDisplayName", a.display}}
	} else {
		acc = obj{{"email", a.username + "@example.com"}, {"createdVia", "web"}, {"username", a.username},
			{"accountId", a.id}, {"createdAt", isoMillis(a.createdMs)}, {"accountDisplayName", a.display}}
	}
	if err := g.one(o, l.dir, "account", "account", acc); err != nil {
		return err
	}
	avatarKey, bannerTS, avatar, website := g.ownerMedia()
	prof := obj{
		{"description", obj{{"bio", a.bio}, {"website", website}, {"location", a.location}}},
		{"avatarMediaUrl", avatar},
		{"headerMediaUrl", "https://pbs.twimg.com/profile_banners/" + a.id + "/" + bannerTS},
	}
	if err := g.one(o, l.dir, "profile", "profile", prof); err != nil {
		return err
	}
	for _, name := range []string{a.id + "-" + avatarKey + ".jpg", a.id + "-" + bannerTS + ".jpg"} {
		if _, err := o.file(l.dir+"profile_media/"+name, true, func(w *bufio.Writer) { w.Write(jpegBytes) }); err != nil {
			return err
		}
	}
	var change obj
	if g.c.Era == EraGDPR2018 {
		change = obj{{"changedAt", strconv.FormatInt(a.createdMs/1000+400*86400, 10)}, {"changedFrom", a.oldName}, {"changedTo", a.username}}
	} else {
		change = obj{{"changedAt", isoMillis(a.createdMs + 400*86_400_000)}, {"changedFrom", a.oldName}, {"changedTo", a.username}}
	}
	if err := g.one(o, l.dir, "screen-name-change", "screenNameChange", obj{{"accountId", a.id}, {"screenNameChange", change}}); err != nil {
		return err
	}
	if err := g.one(o, l.dir, "verified", "verified", obj{{"accountId", a.id}, {"verified", false}}); err != nil {
		return err
	}
	if l.dir != "" {
		return g.one(o, l.dir, "account-timezone", "accountTimezone", obj{{"accountId", a.id}, {"timeZone", "Amsterdam"}})
	}
	return nil
}

// ownerMedia invents the owner's profile picture names and website (a
// t.co link), which the sample capture (FollowingHAR) repeats.
func (g *gen) ownerMedia() (avatarKey, bannerTS, avatar, website string) {
	r := newRand(g.c.Seed, streamAccount+100)
	avatarKey, bannerTS = key(g.c.Seed, 1, 0, 8), strconv.FormatInt(g.sp.generated.Unix()-int64(r.IntN(9e7)), 10)
	avatar = "https://pbs.twimg.com/profile_images/" + u64(1_500_000_000_000_000_000+r.Uint64N(1e17)) + "/" + avatarKey + ".jpg"
	return avatarKey, bannerTS, avatar, tco(r, false)
}

// drawIDs invents the n accounts of one social file.
func drawIDs(r *rand.Rand, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = userID(r)
	}
	return ids
}

// followingIDs are the ids of following.js: the first file writeSocial
// draws from its stream.
func followingIDs(c config) []string {
	return drawIDs(newRand(c.Seed, streamSocial), c.Following)
}

// userID invents the i-th account of a social file.
func userID(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		return strconv.FormatUint(100_000+r.Uint64N(999_000_000), 10)
	}
	return u64(snowflake(1_300_000_000_000+r.Int64N(470_000_000_000), r.Uint64N(1<<22)))
}

func (g *gen) writeSocial(o *out, l layout) error {
	r := newRand(g.c.Seed, streamSocial)
	accounts := func(base, key string, ids []string) error {
		return g.list(o, l.dir, base, len(ids), func(i int) any {
			id := ids[i]
			if g.c.Era == EraGDPR2018 {
				return obj{{key, obj{{"accountId", id}}}} // no userLink in 2018 (§11)
			}
			return obj{{key, obj{{"accountId", id}, {"userLink", "https://twitter.com/intent/user?user_id=" + id}}}}
		})
	}
	// Drawn file by file in this order (followingIDs relies on it).
	for _, f := range []struct {
		base, key string
		ids       []string
		exp       *int
	}{
		{"following", "following", drawIDs(r, g.c.Following), &g.exp.Following},
		{"follower", "follower", drawIDs(r, g.c.Followers), &g.exp.Followers},
		{"block", "blocking", drawIDs(r, g.c.Blocks), &g.exp.Blocks},
		{"mute", "muting", drawIDs(r, g.c.Mutes), &g.exp.Mutes},
	} {
		if err := accounts(f.base, f.key, f.ids); err != nil {
			return err
		}
		*f.exp = len(f.ids)
	}
	g.exp.Likes = g.c.Likes
	return g.list(o, l.dir, "like", g.c.Likes, func(i int) any {
		id := u64(snowflake(1_400_000_000_000+r.Int64N(370_000_000_000), r.Uint64N(1<<22)))
		if g.c.Era == EraGDPR2018 {
			return obj{{"like", obj{{"tweetId", id}}}}
		}
		like := obj{{"tweetId", id}}
		if r.IntN(20) > 0 { // fullText is missing for deleted or protected tweets
			like = append(like, kv{"fullText", "@" + pick(r, g.people).screen + " " + pick(r, words) + " &amp; " + pick(r, words) + " " + pick(r, emoji)})
		}
		return obj{{"like", append(like, kv{"expandedUrl", "https://twitter.com/i/web/status/" + id})}}
	})
}

func (g *gen) writeLists(o *out, l layout) error {
	r := newRand(g.c.Seed, streamSocial+1)
	created, subscribed := (g.c.Lists+1)/2, g.c.Lists/2
	g.exp.Lists = created + subscribed
	listURL := func(owner string) string {
		return "https://twitter.com/" + owner + "/lists/" + pick(r, words) + "-" + pick(r, words)
	}
	files := []struct {
		base  string
		n     int
		owner func() string
	}{
		{"lists-created", created, func() string { return g.acct.username }},
		{"lists-member", 2, func() string { return pick(r, g.people).screen }},
		{"lists-subscribed", subscribed, func() string { return pick(r, g.people).screen }},
	}
	for _, f := range files {
		var err error
		if g.c.Era == EraGDPR2018 {
			// 2018: one record holding a urls array, possibly empty (§13).
			urls := make(arr, f.n)
			for i := range urls {
				urls[i] = listURL(f.owner())
			}
			err = g.one(o, l.dir, f.base, "userListInfo", obj{{"urls", urls}})
		} else {
			err = g.list(o, l.dir, f.base, f.n, func(int) any {
				return obj{{"userListInfo", obj{{"url", listURL(f.owner())}}}}
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writeEmpty writes data types that exist in every archive but that the
// generator leaves empty: one line, `= [ ]`.
func (g *gen) writeEmpty(o *out, l layout) error {
	names := []string{"direct-messages", "direct-messages-group", "ad-impressions"}
	switch {
	case g.c.Era == EraGDPR2018:
		names = []string{"direct-message", "ad-impressions"}
	case l.eraD:
		names = append(names, "deleted-note-tweet", "grok-chat-item")
	}
	for _, n := range names {
		if err := g.list(o, l.dir, n, 0, nil); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) writeNotes(o *out, l layout) error {
	return g.listSlots(o, l.dir, "note-tweet", func(add func(any)) {
		for si := range g.p.slots {
			s := &g.p.slots[si]
			if !s.note {
				continue
			}
			n := g.compose(s, streamSlot+uint64(si), 0, g.prevID(int32(si))).note
			add(obj{{"noteTweet", g.noteRecord(n)}})
		}
	})
}

func (g *gen) listSlots(o *out, dir, base string, each func(add func(any))) error {
	_, err := g.js(o, dir, base, 0, func(a *arrayStream) { each(a.add) })
	return err
}

func (g *gen) noteRecord(n *noteModel) obj {
	urls := make(arr, len(n.urls))
	for i, u := range n.urls {
		urls[i] = obj{{"shortUrl", u.url}, {"expandedUrl", u.expanded}, {"displayUrl", u.display},
			{"fromIndex", itoa(u.s)}, {"toIndex", itoa(u.e)}}
	}
	ments := make(arr, len(n.mentions))
	for i, x := range n.mentions {
		ments[i] = obj{{"screenName", x.screen}, {"fromIndex", itoa(x.s)}, {"toIndex", itoa(x.e)}}
	}
	tags := make(arr, len(n.hashtags))
	for i, h := range n.hashtags {
		tags[i] = obj{{"text", h.text}, {"fromIndex", itoa(h.s)}, {"toIndex", itoa(h.e)}}
	}
	var core obj
	if n.styled {
		core = obj{{"styletags", arr{obj{{"fromIndex", "0"}, {"toIndex", "12"}, {"styleTypes",
			arr{obj{{"value", "0"}, {"name", "Bold"}, {"originalName", "BOLD"}, {"annotations", obj{}}}}}}}}}
	}
	core = append(core, kv{"urls", urls}, kv{"text", n.text}, kv{"mentions", ments}, kv{"cashtags", arr{}}, kv{"hashtags", tags})
	at := isoMillis(n.ms)
	return obj{
		{"noteTweetId", u64(n.id)},
		{"updatedAt", at},
		{"lifecycle", obj{{"value", "1"}, {"name", "Active"}, {"originalName", "Active"}, {"annotations", obj{}}}},
		{"createdAt", at},
		{"core", core},
	}
}

// writeHeaders writes tweet-headers.js: one small record per tweet record.
func (g *gen) writeHeaders(o *out, l layout) error {
	return g.listSlots(o, l.dir, "tweet-headers", func(add func(any)) {
		for q := range g.p.parts {
			for _, si := range g.p.parts[q] {
				s := &g.p.slots[si]
				for v := s.last(); v >= 0; v-- {
					add(obj{{"tweet", obj{{"tweet_id", u64(s.ids[v])}, {"user_id", g.acct.id}, {"created_at", rubyDate(s.ms[v])}}}})
				}
			}
		}
	})
}

// extraSlots invents the deleted or community tweets, outside tweets.js.
// low marks their ids so they can never collide with own tweets.
func (g *gen) extraSlots(stream uint64, n int, from, to time.Time, low uint64) []slot {
	r := newRand(g.c.Seed, stream)
	out := make([]slot, n)
	span := to.UnixMilli() - from.UnixMilli()
	for i := range out {
		ms := from.UnixMilli() + span*int64(i)/int64(max(n, 1)) + r.Int64N(span/int64(max(n, 1))/2+1)
		ms = ms/1000*1000 + 100 + r.Int64N(900)
		out[i] = slot{nver: 1, kind: pick(r, []kind{kPlain, kPlain, kRT, kReply, kQuote})}
		out[i].ms[0] = ms
		out[i].ids[0] = snowflake(ms, low|r.Uint64N(1<<20))
	}
	return out
}

func (g *gen) writeDeleted(o *out, l layout) error {
	end := g.sp.generated
	slots := g.extraSlots(streamExtra, g.c.Deleted, end.Add(-14*24*time.Hour), end.Add(-time.Hour), 0x200000)
	g.exp.Deleted = len(slots)
	return g.listSlots(o, l.dir, "deleted-tweets", func(add func(any)) {
		for i := range slots {
			s := &slots[i]
			m := g.compose(s, streamExtra<<40+uint64(i), 0, 0)
			if i == 0 {
				// A link with neither expanded_url nor display_url (§6.5).
				link := tco(newRand(g.c.Seed, streamExtra+7), false)
				m.text += " " + link
				m.urls = append(m.urls, urlEnt{url: link, s: m.runes + 1, e: m.runes + 1 + len(link)})
				m.runes += 1 + len(link)
			}
			deletedMs := min(s.ms[0]+int64(3_600_000*(1+i)), end.UnixMilli()-60_000)
			add(g.record(l, m, kv{"deleted_at", rubyDate(deletedMs)}))
		}
	})
}

func (g *gen) writeCommunity(o *out, l layout) error {
	slots := g.extraSlots(streamExtra+1, g.c.Community, day(2024, 1, 1), day(2026, 2, 1), 0x300000)
	g.exp.Community = len(slots)
	cid := u64(snowflake(day(2022, 9, 1).UnixMilli(), 0x3A5A5))
	return g.listSlots(o, l.dir, "community-tweet", func(add func(any)) {
		for i := range slots {
			m := g.compose(&slots[i], streamExtra<<40+1000+uint64(i), 0, 0)
			rec := g.gdprTweet(m, false)
			rec = append(rec, kv{"community_id", cid}, kv{"community_id_str", cid}, kv{"scopes", obj{{"followers", false}}})
			add(obj{{"tweet", rec}})
		}
	})
}
