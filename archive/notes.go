package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// note is a long post from note-tweet.js.
type note struct {
	id       uint64
	raw      string // core.text as stored (still with t.co links)
	text     string // t.co links expanded
	urls     []string
	mentions []string
	hashtags []string
}

// noteIndex is a run of notes sorted by id: the candidates noteStore
// reads back for one tweet.
type noteIndex []note

// noteWindowMs is how far (in snowflake milliseconds) a tweet may follow
// its note; observed gaps are 13–41 ms (docs §8).
const noteWindowMs = 1000

// loadNotes reads note-tweet.js into a noteStore; the caller closes it.
func (a *Archive) loadNotes() (*noteStore, error) {
	names := a.dataFiles("note-tweet")
	if len(names) == 0 {
		return nil, nil
	}
	notes := newNoteStore()
	for _, name := range names {
		err := a.eachRecord(name, func(ar *arrayReader) error {
			var rn rawNote
			if err := ar.decode(&rn); err != nil {
				return err
			}
			n := &rn.NoteTweet
			id, err := strconv.ParseUint(string(n.ID), 10, 64)
			if err != nil {
				return ar.errorf("invalid noteTweetId %q", truncate(string(n.ID), 30))
			}
			nt := note{id: id, raw: n.Core.Text}
			edits := make([]edit, 0, len(n.Core.URLs))
			for _, u := range n.Core.URLs {
				exp := firstNonEmpty(u.ExpandedURL, u.ShortURL)
				nt.urls = append(nt.urls, exp)
				edits = append(edits, edit{start: int(u.FromIndex), end: int(u.ToIndex), old: u.ShortURL, repl: exp})
			}
			// Note text is plain text, not HTML-escaped (docs §8).
			nt.text = applyEdits(n.Core.Text, edits)
			for _, m := range n.Core.Mentions {
				nt.mentions = append(nt.mentions, m.ScreenName)
			}
			for _, h := range n.Core.Hashtags {
				nt.hashtags = append(nt.hashtags, h.Text)
			}
			if err := notes.add(&nt); err != nil {
				return ar.errorf("%w", err)
			}
			return nil
		})
		if err != nil {
			notes.close()
			return nil, err
		}
	}
	notes.sort()
	return notes, nil
}

// eachRecord runs fn for every record of a data file; a missing file has
// no records.
func (a *Archive) eachRecord(name string, fn func(ar *arrayReader) error) error {
	rc, err := a.openData(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return a.inArchive(name, err)
	}
	defer rc.Close()
	ar, err := newArrayReader(name, rc)
	if err != nil {
		return a.inArchive(name, err)
	}
	for ar.next() {
		if err := fn(ar); err != nil {
			return a.inArchive(name, err)
		}
	}
	return a.inArchive(name, ar.err)
}

// inArchive puts the archive's path in front of an error about one of its
// files (one that names a file), so the message names the zip as well as
// the member; a cancelled context or a stopped consumer passes unchanged.
func (a *Archive) inArchive(name string, err error) error {
	if err == nil || !strings.Contains(err.Error(), name) {
		return err
	}
	return fmt.Errorf("%s: %w", a.path, err)
}

// match finds the note a tweet truncates (docs §8): the nearest note with a
// smaller id at most a second earlier whose text starts with the tweet's
// text once trailing t.co links and the "…" are removed. The two texts are
// compared with their links neutralised: the tweet and its note carry
// different t.co codes for the same link, so any long post with a link
// before the cut would otherwise stay cut. Runs of whitespace compare
// equal. The tweet text may start with reply mentions the note leaves out,
// while the note may start with mentions of its own, so each split of the
// leading mentions is tried. It returns the note and the reply prefix to
// put back in front of it. orphan is true when no note matches although
// the tweet looks cut and notes were posted within the second before it:
// a long post whose full text could not be joined, which must not be
// imported as its cut version. The decision is local to the tweet, so it
// works while streaming.
func (ns noteIndex) match(t *Tweet) (n *note, prefix string, orphan bool) {
	if len(ns) == 0 {
		return nil, "", false
	}
	full, ok := truncatedBody(t.RawText)
	if !ok {
		return nil, "", false
	}
	i := sort.Search(len(ns), func(i int) bool { return ns[i].id >= t.ID })
	for i--; i >= 0; i-- {
		n := &ns[i]
		if t.ID>>22-n.id>>22 > noteWindowMs {
			break
		}
		orphan = true
		raw := neutralLinks(n.raw)
		for rest := full; rest != ""; {
			if strings.HasPrefix(raw, cutLinkFree(neutralLinks(rest))) {
				return n, full[:len(full)-len(rest)], false
			}
			next := stripOneMention(rest)
			if next == rest {
				break
			}
			rest = next
		}
	}
	return nil, "", orphan
}

// linkMark stands for any t.co link in neutralLinks; it cannot occur in
// decoded JSON text that reaches here (a NUL).
const linkMark = "\x00"

// neutralLinks replaces every t.co link of s by linkMark and every run of
// whitespace by one space, so a note and its tweet compare equal whatever
// short codes each was given.
func neutralLinks(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pos := 0
	space := false
	write := func(part string) {
		for _, r := range part {
			if unicode.IsSpace(r) {
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	for _, l := range tcoLinks(s) {
		write(s[pos:l[0]])
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(linkMark)
		pos = l[1]
	}
	write(s[pos:])
	return b.String()
}

// cutLinkFree drops a link the truncation cut too short to be recognised
// ("https://t.…") from the end of a neutralised tweet text.
func cutLinkFree(s string) string {
	i := strings.LastIndexByte(s, ' ')
	if last := s[i+1:]; strings.HasPrefix(last, "http") && i >= 0 {
		return s[:i+1]
	}
	return s
}

// truncatedBody returns the text of a tweet that was cut short because it
// is a long post: unescaped, without trailing t.co links or the final "…".
// ok is false when the text does not end that way.
func truncatedBody(raw string) (string, bool) {
	s := strings.TrimRight(raw, " \n")
	for {
		i := strings.LastIndexAny(s, " \n")
		last := s[i+1:]
		if !isTcoLink(last) {
			break // includes "https://t.co/abc…", a link cut by the truncation
		}
		s = strings.TrimRight(s[:i+1], " \n")
		if i < 0 {
			break
		}
	}
	s, ok := strings.CutSuffix(s, "…")
	if !ok {
		return "", false
	}
	s = strings.TrimRight(unescapeHTML(s), " \n")
	return s, s != ""
}

// stripOneMention removes one leading "@name " from s, if there is one.
func stripOneMention(s string) string {
	p, _ := stripLeadingMentions(s)
	if p == "" {
		return s
	}
	// stripLeadingMentions takes the whole run; keep only the first one.
	end := strings.IndexByte(p[1:], '@')
	if end < 0 {
		return s[len(p):]
	}
	return s[end+1:]
}

// join puts a note's full text into its tweet, after the reply prefix the
// note does not contain.
func (n *note) join(t *Tweet, prefix string) {
	t.Text = prefix + n.text
	t.Long = true
	t.URLs = appendMissing(t.URLs, n.urls...)
	t.Hashtags = appendMissing(t.Hashtags, n.hashtags...)
	for _, sn := range n.mentions {
		found := false
		for _, m := range t.Mentions {
			if strings.EqualFold(m.ScreenName, sn) {
				found = true
				break
			}
		}
		if !found {
			t.Mentions = append(t.Mentions, Mention{ScreenName: sn})
		}
	}
	if !t.Retweet && t.QuoteURL == "" {
		for i := len(t.URLs) - 1; i >= 0; i-- {
			if isStatusURL(t.URLs[i]) {
				t.QuoteURL = t.URLs[i]
				break
			}
		}
	}
}

func appendMissing(dst []string, add ...string) []string {
outer:
	for _, s := range add {
		for _, d := range dst {
			if d == s {
				continue outer
			}
		}
		dst = append(dst, s)
	}
	return dst
}

// isTcoLink reports whether s is exactly one t.co short link.
func isTcoLink(s string) bool {
	l := tcoLinks(s)
	return len(l) == 1 && l[0] == [2]int{0, len(s)}
}
