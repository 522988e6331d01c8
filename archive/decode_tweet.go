package archive

import (
	"fmt"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// decodeTweetElem is the hot path: a hand-written decoder for one element
// of a tweet file, either {"tweet": {...}} or the bare tweet object. It
// fills the same raw types as the reflection-based decoder (see the tags
// in raw.go), skips every other member unread, and allocates nothing but
// the strings and slices it keeps. Loops rather than callbacks keep the
// closures (and their allocations) out of it.
func decodeTweetElem(dec *jsontext.Decoder, e *tweetElem) error {
	ok, err := beginObject(dec, "record")
	for ok && err == nil {
		var name []byte
		if name, ok, err = nextMember(dec); !ok || err != nil {
			break
		}
		if string(name) == "tweet" {
			e.wrapped = true
			err = decodeTweetObject(dec, &e.Tweet)
		} else {
			err = tweetMember(dec, &e.rawTweet, name)
		}
	}
	return err
}

func decodeTweetObject(dec *jsontext.Decoder, r *rawTweet) error {
	ok, err := beginObject(dec, "tweet")
	for ok && err == nil {
		var name []byte
		if name, ok, err = nextMember(dec); !ok || err != nil {
			break
		}
		err = tweetMember(dec, r, name)
	}
	return err
}

// tweetMember decodes one member of a tweet object.
func tweetMember(dec *jsontext.Decoder, r *rawTweet, name []byte) error {
	var err error
	switch string(name) {
	case "id_str":
		r.IDStr, err = readFlexString(dec, "id_str")
	case "id":
		// Only a fallback for id_str, which comes first in every era; not
		// copying it again saves an allocation per record.
		if r.IDStr != "" {
			err = dec.SkipValue()
		} else {
			err = readFlex(dec, "id", &r.ID)
		}
	case "created_at":
		err = readCreatedAt(dec, r)
	case "full_text":
		r.FullText, err = readString(dec, "full_text")
	case "text":
		r.Text, err = readString(dec, "text")
	case "lang":
		r.Lang, err = readInterned(dec, "lang")
	case "in_reply_to_status_id_str":
		err = readFlex(dec, "in_reply_to_status_id_str", &r.ReplyStatusStr)
	case "in_reply_to_status_id":
		if r.ReplyStatusStr != "" {
			err = dec.SkipValue()
		} else {
			err = readFlex(dec, "in_reply_to_status_id", &r.ReplyStatus)
		}
	case "in_reply_to_user_id_str":
		err = readFlex(dec, "in_reply_to_user_id_str", &r.ReplyUserStr)
	case "in_reply_to_user_id":
		if r.ReplyUserStr != "" {
			err = dec.SkipValue()
		} else {
			err = readFlex(dec, "in_reply_to_user_id", &r.ReplyUser)
		}
	case "in_reply_to_screen_name":
		r.ReplyName, err = readString(dec, "in_reply_to_screen_name")
	case "favorite_count":
		err = readInt(dec, "favorite_count", &r.FavoriteCount)
	case "retweet_count":
		err = readInt(dec, "retweet_count", &r.RetweetCount)
	case "entities":
		err = decodeEntities(dec, &r.Entities)
	case "extended_entities":
		ok, e := beginObject(dec, "extended_entities")
		for err = e; ok && err == nil; {
			var name []byte
			if name, ok, err = nextMember(dec); !ok || err != nil {
				break
			}
			if string(name) == "media" {
				r.Extended.Media = r.Extended.Media[:0]
				err = decodeMediaList(dec, "extended_entities.media", &r.Extended.Media)
			} else {
				err = dec.SkipValue()
			}
		}
	case "edit_info":
		err = decodeEditInfo(dec, &r.EditInfo)
	case "retweeted_status":
		err = decodeRetweeted(dec, r)
	default:
		err = dec.SkipValue()
	}
	return err
}

func readFlex(dec *jsontext.Decoder, what string, dst *flexString) error {
	s, err := readFlexString(dec, what)
	*dst = flexString(s)
	return err
}

func readInt(dec *jsontext.Decoder, what string, dst *flexInt) error {
	n, err := readFlexInt(dec, what)
	*dst = flexInt(n)
	return err
}

func decodeEntities(dec *jsontext.Decoder, en *rawEntities) error {
	ok, err := beginObject(dec, "entities")
	for ok && err == nil {
		var name []byte
		if name, ok, err = nextMember(dec); !ok || err != nil {
			break
		}
		switch string(name) {
		case "hashtags":
			en.Hashtags = en.Hashtags[:0]
			err = decodeHashtags(dec, en)
		case "user_mentions":
			en.Mentions = en.Mentions[:0]
			err = decodeMentions(dec, en)
		case "urls":
			en.URLs = en.URLs[:0]
			err = decodeURLs(dec, en)
		case "media":
			en.Media = en.Media[:0]
			err = decodeMediaList(dec, "entities.media", &en.Media)
		default:
			err = dec.SkipValue()
		}
	}
	return err
}

func decodeHashtags(dec *jsontext.Decoder, en *rawEntities) error {
	ok, err := beginArray(dec, "entities.hashtags")
	for ok && err == nil {
		if ok, err = moreElements(dec); !ok || err != nil {
			break
		}
		var h hashtag
		more, e := beginObject(dec, "entities.hashtags[]")
		for err = e; more && err == nil; {
			var name []byte
			if name, more, err = nextMember(dec); !more || err != nil {
				break
			}
			if string(name) == "text" {
				h.Text, err = readString(dec, "hashtags.text")
			} else {
				err = dec.SkipValue()
			}
		}
		en.Hashtags = append(en.Hashtags, h)
	}
	return err
}

func decodeMentions(dec *jsontext.Decoder, en *rawEntities) error {
	ok, err := beginArray(dec, "entities.user_mentions")
	for ok && err == nil {
		if ok, err = moreElements(dec); !ok || err != nil {
			break
		}
		var m mention
		more, e := beginObject(dec, "entities.user_mentions[]")
		for err = e; more && err == nil; {
			var name []byte
			if name, more, err = nextMember(dec); !more || err != nil {
				break
			}
			switch string(name) {
			case "screen_name":
				m.ScreenName, err = readString(dec, "user_mentions.screen_name")
			case "id_str":
				err = readFlex(dec, "user_mentions.id_str", &m.IDStr)
			case "id":
				if m.IDStr != "" {
					err = dec.SkipValue()
				} else {
					err = readFlex(dec, "user_mentions.id", &m.ID)
				}
			default:
				err = dec.SkipValue()
			}
		}
		en.Mentions = append(en.Mentions, m)
	}
	return err
}

func decodeURLs(dec *jsontext.Decoder, en *rawEntities) error {
	ok, err := beginArray(dec, "entities.urls")
	for ok && err == nil {
		if ok, err = moreElements(dec); !ok || err != nil {
			break
		}
		var u rawURL
		more, e := beginObject(dec, "entities.urls[]")
		for err = e; more && err == nil; {
			var name []byte
			if name, more, err = nextMember(dec); !more || err != nil {
				break
			}
			switch string(name) {
			case "url":
				u.URL, err = readString(dec, "urls.url")
			case "expanded_url":
				u.Expanded, err = readString(dec, "urls.expanded_url")
			case "indices":
				err = readIndices(dec, "urls.indices", &u.Indices)
			default:
				err = dec.SkipValue()
			}
		}
		en.URLs = append(en.URLs, u)
	}
	return err
}

func decodeMediaList(dec *jsontext.Decoder, what string, dst *[]rawMedia) error {
	ok, err := beginArray(dec, what)
	for ok && err == nil {
		if ok, err = moreElements(dec); !ok || err != nil {
			break
		}
		var m rawMedia
		err = decodeMedia(dec, what, &m)
		*dst = append(*dst, m)
	}
	return err
}

func decodeMedia(dec *jsontext.Decoder, what string, m *rawMedia) error {
	ok, err := beginObject(dec, what+"[]")
	for ok && err == nil {
		var name []byte
		if name, ok, err = nextMember(dec); !ok || err != nil {
			break
		}
		switch string(name) {
		case "type":
			m.Type, err = readInterned(dec, "media.type")
		case "media_url_https":
			m.MediaURL, err = readString(dec, "media.media_url_https")
		case "media_url":
			if m.MediaURL != "" {
				err = dec.SkipValue()
			} else {
				m.MediaHTTP, err = readString(dec, "media.media_url")
			}
		case "url":
			m.URL, err = readString(dec, "media.url")
		case "indices":
			err = readIndices(dec, "media.indices", &m.Indices)
		case "ext_alt_text":
			m.ExtAltText, err = readString(dec, "media.ext_alt_text")
		case "media_alt":
			m.MediaAlt, err = readString(dec, "media.media_alt")
		case "source_status_id_str":
			err = readFlex(dec, "media.source_status_id_str", &m.SourceStatus)
		case "video_info":
			m.VideoInfo.Variants = m.VideoInfo.Variants[:0]
			err = decodeVideoInfo(dec, m)
		default:
			err = dec.SkipValue()
		}
	}
	return err
}

func decodeVideoInfo(dec *jsontext.Decoder, m *rawMedia) error {
	ok, err := beginObject(dec, "media.video_info")
	for ok && err == nil {
		var name []byte
		if name, ok, err = nextMember(dec); !ok || err != nil {
			break
		}
		if string(name) != "variants" {
			err = dec.SkipValue()
			continue
		}
		more, e := beginArray(dec, "video_info.variants")
		for err = e; more && err == nil; {
			if more, err = moreElements(dec); !more || err != nil {
				break
			}
			var v variant
			in, e := beginObject(dec, "video_info.variants[]")
			for err = e; in && err == nil; {
				var name []byte
				if name, in, err = nextMember(dec); !in || err != nil {
					break
				}
				switch string(name) {
				case "bitrate":
					err = readInt(dec, "variants.bitrate", &v.Bitrate)
				case "content_type":
					v.ContentType, err = readInterned(dec, "variants.content_type")
				case "url":
					v.URL, err = readString(dec, "variants.url")
				default:
					err = dec.SkipValue()
				}
			}
			m.VideoInfo.Variants = append(m.VideoInfo.Variants, v)
		}
	}
	return err
}

func decodeEditInfo(dec *jsontext.Decoder, ei *rawEditInfo) error {
	ok, err := beginObject(dec, "edit_info")
	for ok && err == nil {
		var name []byte
		if name, ok, err = nextMember(dec); !ok || err != nil {
			break
		}
		switch string(name) {
		case "initial":
			err = decodeEditIDs(dec, "edit_info.initial", ei, false)
		case "edit":
			err = decodeEditIDs(dec, "edit_info.edit", ei, true)
		default:
			err = dec.SkipValue()
		}
	}
	return err
}

// decodeEditIDs reads {"editTweetIds": [...]} (edit_info.initial) or
// {"editControlInitial": {"editTweetIds": [...]}} (edit_info.edit), keeping
// only the chain's length and largest id, which is all superseded needs.
func decodeEditIDs(dec *jsontext.Decoder, what string, ei *rawEditInfo, nested bool) error {
	ok, err := beginObject(dec, what)
	for ok && err == nil {
		var name []byte
		if name, ok, err = nextMember(dec); !ok || err != nil {
			break
		}
		switch {
		case string(name) == "editTweetIds":
			ei.ChainLen, ei.ChainMax = 0, 0
			more, e := beginArray(dec, "editTweetIds")
			for err = e; more && err == nil; {
				if more, err = moreElements(dec); !more || err != nil {
					break
				}
				var id int64
				if id, err = readFlexInt(dec, "editTweetIds"); err == nil {
					ei.ChainLen++
					ei.ChainMax = max(ei.ChainMax, uint64(id))
				}
			}
		case nested && string(name) == "editControlInitial":
			err = decodeEditIDs(dec, "editControlInitial", ei, false)
		default:
			err = dec.SkipValue()
		}
	}
	return err
}

// decodeRetweeted keeps what Grailbird's retweeted_status tells about the
// original: its id, author, and whole text with its entities (the outer
// "RT @x: …" text is often cut).
func decodeRetweeted(dec *jsontext.Decoder, r *rawTweet) error {
	ok, err := beginObject(dec, "retweeted_status")
	if ok {
		r.RetweetedStatus = &retweetedStatus{}
	}
	rs := r.RetweetedStatus
	for ok && err == nil {
		var name []byte
		if name, ok, err = nextMember(dec); !ok || err != nil {
			break
		}
		switch string(name) {
		case "id_str":
			rs.IDStr, err = readFlexString(dec, "retweeted_status.id_str")
		case "id":
			err = readFlex(dec, "retweeted_status.id", &rs.ID)
		case "text":
			rs.Text, err = readString(dec, "retweeted_status.text")
		case "entities":
			err = decodeEntities(dec, &rs.Entities)
		case "user":
			more, e := beginObject(dec, "retweeted_status.user")
			for err = e; more && err == nil; {
				var name []byte
				if name, more, err = nextMember(dec); !more || err != nil {
					break
				}
				if string(name) == "screen_name" {
					rs.User.ScreenName, err = readString(dec, "retweeted_status.user.screen_name")
				} else {
					err = dec.SkipValue()
				}
			}
		default:
			err = dec.SkipValue()
		}
	}
	return err
}

// readCreatedAt parses the usual RubyDate straight from the input bytes,
// saving a string per record; other forms are kept for parseDate.
func readCreatedAt(dec *jsontext.Decoder, r *rawTweet) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if v.Kind() == '"' && len(v) == 32 {
		if t, ok := parseRubyDate([]byte(v[1:31])); ok {
			r.CreatedTime, r.Created = t, ""
			return nil
		}
	}
	switch v.Kind() {
	case '"':
		r.Created, err = unquote(v)
		r.CreatedTime = time.Time{}
		return err
	case 'n':
		return nil
	}
	return fmt.Errorf("created_at: expected a string, found %s", v.Kind())
}

// common holds the values of small enumerations (languages, media types)
// so that each record does not allocate its own copy of "en" or "photo".
var common = func() map[string]string {
	m := map[string]string{}
	for _, s := range []string{"photo", "video", "animated_gif", "video/mp4", "application/x-mpegURL",
		"en", "und", "de", "fr", "es", "it", "pt", "nl", "ja", "ko", "zh", "ru", "ar", "tr", "pl", "sv", "in", "hi", "qme", "zxx", "qht", "art"} {
		m[s] = s
	}
	return m
}()

// readInterned reads a string, reusing the shared copy of common values.
func readInterned(dec *jsontext.Decoder, what string) (string, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return "", err
	}
	if v.Kind() == '"' {
		if s, ok := common[string(v[1:len(v)-1])]; ok {
			return s, nil
		}
		return unquote(v)
	}
	if v.Kind() == 'n' {
		return "", nil
	}
	return "", fmt.Errorf("%s: expected a string, found %s", what, v.Kind())
}
