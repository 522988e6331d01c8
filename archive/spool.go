package archive

import (
	"encoding/binary"
	"errors"
	"time"
)

// The spool format for sorted iteration: a tweet as a flat run of varints
// and length-prefixed strings. It is private to one process run (written
// and read back by sortedTweets), so it has no version and no field tags;
// it only has to be fast and to fail cleanly if the file was damaged.

const (
	flagRetweet = 1 << iota
	flagSelfReply
	flagLong
	flagCommunity
	flagDeleted
	flagCutLong
	flagCircle
	flagProtected
	flagRetweetWhole
)

func appendTweet(b []byte, t *Tweet) []byte {
	var flags uint64
	for _, f := range [...]struct {
		on  bool
		bit uint64
	}{{t.Retweet, flagRetweet}, {t.SelfReply, flagSelfReply}, {t.Long, flagLong}, {t.Community, flagCommunity}, {t.Deleted, flagDeleted}, {t.CutLong, flagCutLong}, {t.Circle, flagCircle}, {t.Protected, flagProtected}, {t.RetweetWhole, flagRetweetWhole}} {
		if f.on {
			flags |= f.bit
		}
	}
	b = binary.AppendUvarint(b, t.ID)
	b = binary.AppendUvarint(b, flags)
	b = binary.AppendVarint(b, t.CreatedAt.Unix())
	b = binary.AppendUvarint(b, uint64(t.CreatedAt.Nanosecond()))
	b = binary.AppendVarint(b, int64(t.FavoriteCount))
	b = binary.AppendVarint(b, int64(t.RetweetCount))
	for _, s := range [...]string{t.IDStr, t.Text, t.RawText, t.Lang, t.RetweetOfURL, t.ReplyToID, t.ReplyToUserID, t.ReplyToScreenName, t.QuoteURL, t.Source} {
		b = appendString(b, s)
	}
	b = appendStrings(b, t.Hashtags)
	b = appendStrings(b, t.URLs)
	b = binary.AppendUvarint(b, uint64(len(t.Mentions)))
	for _, m := range t.Mentions {
		b = appendString(appendString(b, m.ScreenName), m.ID)
	}
	b = binary.AppendUvarint(b, uint64(len(t.Media)))
	for _, m := range t.Media {
		b = appendString(appendString(appendString(appendString(b, m.Type), m.URL), m.File), m.Alt)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

var errCorruptSpool = errors.New("corrupt spool record")

// spoolReader decodes one record; the first failure sticks.
type spoolReader struct {
	b   []byte
	err error
}

func (r *spoolReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = errCorruptSpool, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *spoolReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = errCorruptSpool, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *spoolReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err, r.b = errCorruptSpool, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// count reads a slice length, bounded by the bytes left (each element
// takes at least one byte), so damage cannot cause a huge allocation.
func (r *spoolReader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err, r.b = errCorruptSpool, nil
		return 0
	}
	return int(n)
}

func (r *spoolReader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func readTweet(b []byte) (*Tweet, error) {
	r := &spoolReader{b: b}
	t := &Tweet{ID: r.uvarint()}
	flags := r.uvarint()
	t.Retweet, t.SelfReply, t.Long = flags&flagRetweet != 0, flags&flagSelfReply != 0, flags&flagLong != 0
	t.Community, t.Deleted, t.CutLong = flags&flagCommunity != 0, flags&flagDeleted != 0, flags&flagCutLong != 0
	t.Circle, t.Protected, t.RetweetWhole = flags&flagCircle != 0, flags&flagProtected != 0, flags&flagRetweetWhole != 0
	sec, nsec := r.varint(), r.uvarint()
	t.CreatedAt = time.Unix(sec, int64(nsec%1e9)).UTC()
	t.FavoriteCount, t.RetweetCount = int(r.varint()), int(r.varint())
	for _, p := range [...]*string{&t.IDStr, &t.Text, &t.RawText, &t.Lang, &t.RetweetOfURL, &t.ReplyToID, &t.ReplyToUserID, &t.ReplyToScreenName, &t.QuoteURL, &t.Source} {
		*p = r.str()
	}
	t.Hashtags = r.strs()
	t.URLs = r.strs()
	if n := r.count(); n > 0 {
		t.Mentions = make([]Mention, n)
		for i := range t.Mentions {
			t.Mentions[i] = Mention{ScreenName: r.str(), ID: r.str()}
		}
	}
	if n := r.count(); n > 0 {
		t.Media = make([]Media, n)
		for i := range t.Media {
			t.Media[i] = Media{Type: r.str(), URL: r.str(), File: r.str(), Alt: r.str()}
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errCorruptSpool
	}
	if r.err != nil {
		return nil, r.err
	}
	return t, nil
}
