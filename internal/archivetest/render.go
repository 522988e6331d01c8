package archivetest

// Printing a tweetModel in the shape of each era (archive-format.md §6, §17).

func strPair(a, b int) arr { return arr{itoa(a), itoa(b)} }
func numPair(a, b int) arr { return arr{num(itoa(a)), num(itoa(b))} }

// gdprTweet is the record of eras B–D: every number a string.
func (g *gen) gdprTweet(m *tweetModel, withEdit bool) obj {
	o := make(obj, 0, 24)
	if withEdit {
		o = append(o, kv{"edit_info", g.editInfo(m)})
	}
	o = append(o,
		kv{"retweeted", false},
		kv{"source", m.source},
		kv{"entities", g.gdprEntities(m)},
		kv{"display_text_range", strPair(0, m.runes)},
		kv{"favorite_count", itoa(m.fav)},
	)
	if m.replyStatus != "" {
		o = append(o, kv{"in_reply_to_status_id_str", m.replyStatus})
	}
	o = append(o, kv{"id_str", u64(m.id)})
	if m.replyUser != "" {
		o = append(o, kv{"in_reply_to_user_id", m.replyUser})
	}
	o = append(o, kv{"truncated", false}, kv{"retweet_count", itoa(m.rts)}, kv{"id", u64(m.id)})
	if m.replyStatus != "" {
		o = append(o, kv{"in_reply_to_status_id", m.replyStatus})
	}
	if len(m.media) > 0 || len(m.urls) > 0 {
		o = append(o, kv{"possibly_sensitive", m.sensitive})
	}
	o = append(o, kv{"created_at", rubyDate(m.ms)}, kv{"favorited", false}, kv{"full_text", m.text}, kv{"lang", m.lang})
	if m.replyName != "" {
		o = append(o, kv{"in_reply_to_screen_name", m.replyName})
	}
	if m.replyUser != "" {
		o = append(o, kv{"in_reply_to_user_id_str", m.replyUser})
	}
	if len(m.media) > 0 {
		items := make(arr, len(m.media))
		for i := range m.media {
			items[i] = g.gdprMedia(&m.media[i], true)
		}
		o = append(o, kv{"extended_entities", obj{{"media", items}}})
	}
	return o
}

func (g *gen) editInfo(m *tweetModel) obj {
	ids, initialMs, version := arr{u64(m.id)}, m.ms, 0
	if m.edit != nil {
		ids = make(arr, len(m.edit.ids))
		for i, id := range m.edit.ids {
			ids[i] = u64(id)
		}
		initialMs, version = m.edit.initialMs, m.edit.version
	}
	ctl := obj{
		{"editTweetIds", ids},
		{"editableUntil", isoMillis(initialMs/1000*1000 + 30*60*1000)},
		{"editsRemaining", itoa(5 - len(ids) + 1)},
		{"isEditEligible", m.edit != nil || m.id%3 == 0},
	}
	if version == 0 {
		return obj{{"initial", ctl}}
	}
	return obj{{"edit", obj{{"initialTweetId", ids[0]}, {"editControlInitial", ctl}}}}
}

func (g *gen) gdprEntities(m *tweetModel) obj {
	tags := make(arr, len(m.hashtags))
	for i, h := range m.hashtags {
		tags[i] = obj{{"text", h.text}, {"indices", strPair(h.s, h.e)}}
	}
	ments := make(arr, len(m.mentions))
	for i, x := range m.mentions {
		ments[i] = obj{{"name", x.name}, {"screen_name", x.screen}, {"indices", strPair(x.s, x.e)},
			{"id_str", x.id}, {"id", x.id}}
	}
	urls := make(arr, len(m.urls))
	for i, u := range m.urls {
		if u.expanded == "" {
			urls[i] = obj{{"url", u.url}, {"indices", strPair(u.s, u.e)}}
			continue
		}
		urls[i] = obj{{"url", u.url}, {"expanded_url", u.expanded}, {"display_url", u.display}, {"indices", strPair(u.s, u.e)}}
	}
	o := obj{{"hashtags", tags}, {"symbols", arr{}}, {"user_mentions", ments}, {"urls", urls}}
	if m.id%5 == 0 {
		// Key order varies between records in real exports.
		o = obj{{"user_mentions", ments}, {"urls", urls}, {"symbols", arr{}}, {"hashtags", tags}}
	}
	if len(m.media) > 0 {
		o = append(o, kv{"media", arr{g.gdprMedia(&m.media[0], false)}})
	}
	return o
}

func sizes(w, h int) obj {
	fit := func(maxSide int) obj {
		sw, sh := w, h
		if big := max(w, h); big > maxSide {
			sw, sh = w*maxSide/big, h*maxSide/big
		}
		return obj{{"w", itoa(sw)}, {"h", itoa(sh)}, {"resize", "fit"}}
	}
	return obj{
		{"thumb", obj{{"w", "150"}, {"h", "150"}, {"resize", "crop"}}},
		{"medium", fit(1200)},
		{"small", fit(680)},
		{"large", fit(2048)},
	}
}

// gdprMedia prints one media item; the entities.media copy has no
// video_info and claims "photo" with the thumbnail (§6.5).
func (g *gen) gdprMedia(it *mediaItem, extended bool) obj {
	typ := it.typ
	if !extended {
		typ = "photo"
	}
	o := obj{
		{"expanded_url", it.expnd},
		{"indices", strPair(it.s, it.e)},
		{"url", it.tco},
		{"media_url", "http" + it.mediaURL[len("https"):]},
		{"id_str", u64(it.id)},
	}
	if extended && it.variants != nil {
		vs := make(arr, len(it.variants))
		for i, v := range it.variants {
			if v.bitrate == "" {
				vs[i] = obj{{"content_type", v.ctype}, {"url", v.url}}
			} else {
				vs[i] = obj{{"bitrate", v.bitrate}, {"content_type", v.ctype}, {"url", v.url}}
			}
		}
		vi := obj{{"aspect_ratio", strPair(it.aspect[0], it.aspect[1])}}
		if it.durationMs > 0 {
			vi = append(vi, kv{"duration_millis", itoa(it.durationMs)})
		}
		vi = append(vi, kv{"variants", vs})
		o = append(o, kv{"video_info", vi})
	}
	if it.srcStatus != "" {
		o = append(o, kv{"source_user_id", it.srcUser}, kv{"source_user_id_str", it.srcUser},
			kv{"source_status_id", it.srcStatus}, kv{"source_status_id_str", it.srcStatus})
	}
	o = append(o, kv{"id", u64(it.id)}, kv{"media_url_https", it.mediaURL}, kv{"sizes", sizes(it.w, it.h)}, kv{"type", typ})
	if extended && it.typ == "video" {
		o = append(o, kv{"additional_media_info", obj{{"monetizable", false}}})
	}
	if extended && it.hasAlt {
		o = append(o, kv{"ext_alt_text", it.alt})
	}
	return append(o, kv{"display_url", it.display})
}

// grailTweet is the reduced v1.1 object of Grailbird month files (§17.3).
func (g *gen) grailTweet(m *tweetModel, user obj, nested bool) obj {
	tags := make(arr, len(m.hashtags))
	for i, h := range m.hashtags {
		tags[i] = obj{{"text", h.text}, {"indices", numPair(h.s, h.e)}}
	}
	ments := make(arr, len(m.mentions))
	for i, x := range m.mentions {
		ments[i] = obj{{"name", x.name}, {"screen_name", x.screen}, {"indices", numPair(x.s, x.e)},
			{"id_str", x.id}, {"id", num(x.id)}}
	}
	urls := make(arr, len(m.urls))
	for i, u := range m.urls {
		urls[i] = obj{{"indices", numPair(u.s, u.e)}, {"url", u.url}, {"expanded_url", u.expanded}, {"display_url", u.display}}
	}
	media := arr{}
	if len(m.media) > 0 {
		it := &m.media[0]
		mo := obj{
			{"expanded_url", it.expnd},
			{"indices", numPair(it.s, it.e)},
			{"url", it.tco},
			{"media_url", "http" + it.mediaURL[len("https"):]},
			{"id_str", u64(it.id)},
			{"id", num(u64(it.id))},
			{"media_url_https", it.mediaURL},
			{"sizes", arr{
				obj{{"h", num("150")}, {"resize", "crop"}, {"w", num("150")}},
				obj{{"h", num(itoa(it.h * 680 / max(it.w, 1)))}, {"resize", "fit"}, {"w", num("680")}},
				obj{{"h", num(itoa(it.h))}, {"resize", "fit"}, {"w", num(itoa(it.w))}},
				obj{{"h", num(itoa(it.h * 1200 / max(it.w, 1)))}, {"resize", "fit"}, {"w", num("1200")}},
			}},
			{"display_url", it.display},
		}
		if it.hasAlt {
			mo = append(mo, kv{"media_alt", it.alt})
		}
		media = arr{mo}
	}
	o := obj{{"source", m.source}, {"entities", obj{{"user_mentions", ments}, {"media", media}, {"hashtags", tags}, {"urls", urls}}}}
	if m.replyStatus != "" {
		o = append(o, kv{"in_reply_to_status_id_str", m.replyStatus}, kv{"in_reply_to_status_id", num(m.replyStatus)})
	}
	if m.replyUser != "" {
		if m.replyName != "" {
			o = append(o, kv{"in_reply_to_screen_name", m.replyName})
		}
		o = append(o, kv{"in_reply_to_user_id", num(m.replyUser)}, kv{"in_reply_to_user_id_str", m.replyUser})
	}
	if m.rtOf != nil && !nested {
		rtUser := obj{{"name", m.rtUser.name}, {"screen_name", m.rtUser.screen}, {"protected", false},
			{"id_str", m.rtUser.id}, {"profile_image_url_https", "https://pbs.twimg.com/profile_images/" + m.rtUser.id + "/avatar_normal.jpg"},
			{"id", num(m.rtUser.id)}, {"verified", false}}
		o = append(o, kv{"retweeted_status", g.grailTweet(m.rtOf, rtUser, true)})
	}
	o = append(o, kv{"geo", obj{}}, kv{"id_str", u64(m.id)}, kv{"text", m.text}, kv{"id", num(u64(m.id))},
		kv{"created_at", grailDate(m.ms)}, kv{"user", user})
	return o
}
