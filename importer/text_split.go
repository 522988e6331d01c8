package importer

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// CharCounter counts a status the way the target server does when it
// checks max_characters (the CLI passes internal/mastodon's counter, so
// this package needs no client). It must not decrease when text is
// appended.
type CharCounter func(string) int

// errNoRoom: the limit leaves no room for any text beside the markers
// and the footer.
var errNoRoom = errors.New("the character limit leaves no room for text")

// maxSplitRounds bounds the search for the number of segments: each round
// can only raise it, and the marker width grows by one digit per tenfold.
const maxSplitRounds = 12

// splitText cuts body into segments that each fit limit once
// suffix(i, n) is appended (the "(i/n)" marker and, on the first one, the
// footer). It prefers sentence boundaries, then word boundaries, and cuts
// inside a word only when a single word is longer than a whole post.
// Nothing is ever dropped: the segments, trimmed, hold all of body's text.
func splitText(body string, limit int, count CharCounter, suffix func(i, n int) string) ([]string, error) {
	body = strings.TrimSpace(body)
	if count(body+suffix(0, 1)) <= limit {
		return []string{body}, nil
	}
	bp := findBreaks(body)
	n := 2
	for range maxSplitRounds {
		segs, err := packSegments(body, &bp, limit, count, func(i int) string { return suffix(i, n) })
		if err != nil {
			return nil, err
		}
		// Packed with markers for n; fewer segments have markers no wider.
		if len(segs) <= n {
			return segs, nil
		}
		n = len(segs)
	}
	return nil, fmt.Errorf("splitting %d characters: segment count did not settle", len(body))
}

// breaks are the candidate cut positions in a text (byte offsets where a
// segment may end), ascending.
type breaks struct {
	sentence []int // after . ! ? … or at a line break
	word     []int // before whitespace
	grapheme []int // after every grapheme cluster; computed only when a word is longer than a post
}

func findBreaks(s string) breaks {
	var bp breaks
	prev := rune(-1)
	for i, r := range s {
		if unicode.IsSpace(r) && prev != -1 && !unicode.IsSpace(prev) {
			bp.word = append(bp.word, i)
			if r == '\n' || strings.ContainsRune(".!?…。！？", prev) {
				bp.sentence = append(bp.sentence, i)
			}
		}
		prev = r
	}
	bp.word = append(bp.word, len(s))
	bp.sentence = append(bp.sentence, len(s))
	return bp
}

// packSegments fills segments greedily. A sentence boundary is used when
// the segment it ends fills at least half the room a word boundary would
// give, so a short first sentence does not waste most of a post.
func packSegments(body string, bp *breaks, limit int, count CharCounter, suffix func(i int) string) ([]string, error) {
	var segs []string
	pos := 0
	for pos < len(body) {
		sfx := suffix(len(segs))
		fits := func(end int) bool {
			return count(strings.TrimSpace(body[pos:end])+sfx) <= limit
		}
		end := lastFitting(bp.word, pos, fits)
		if end < 0 {
			if bp.grapheme == nil {
				bp.grapheme = graphemeEnds(body)
			}
			end = lastFitting(bp.grapheme, pos, fits)
			if end <= pos {
				return nil, fmt.Errorf("%w (limit %d)", errNoRoom, limit)
			}
		} else if s := lastBreakUpTo(bp.sentence, pos, end); s > pos && 2*(s-pos) >= end-pos {
			// Sentence breaks are word breaks too, and a shorter prefix
			// fits whenever a longer one does: no counting needed.
			end = s
		}
		segs = append(segs, strings.TrimSpace(body[pos:end]))
		pos = end
		for pos < len(body) {
			r, size := utf8.DecodeRuneInString(body[pos:])
			if !unicode.IsSpace(r) {
				break
			}
			pos += size
		}
	}
	if len(segs) == 0 {
		segs = append(segs, "")
	}
	return segs, nil
}

// lastFitting returns the largest candidate in cands (ascending) that is
// beyond pos and fits, or -1. Length only grows with end, so a galloping
// search (1, 2, 4, … candidates ahead, then bisection) finds it while
// counting only prefixes up to about twice the answer: a long note tweet
// is not counted in full for every post cut from it.
func lastFitting(cands []int, pos int, fits func(int) bool) int {
	lo := sort.SearchInts(cands, pos+1)
	if lo == len(cands) || !fits(cands[lo]) {
		return -1
	}
	good, step := lo, 1
	bad := len(cands)
	for good+step < len(cands) {
		if !fits(cands[good+step]) {
			bad = good + step
			break
		}
		good += step
		step *= 2
	}
	// cands[good] fits, cands[bad] does not (or bad is past the end).
	k := sort.Search(bad-good-1, func(j int) bool { return !fits(cands[good+1+j]) })
	return cands[good+k]
}

// lastBreakUpTo returns the largest candidate in (pos, end], or -1.
func lastBreakUpTo(cands []int, pos, end int) int {
	i := sort.SearchInts(cands, end+1) - 1
	if i < 0 || cands[i] <= pos {
		return -1
	}
	return cands[i]
}

// graphemeEnds lists the end of every grapheme cluster of s, for cutting
// inside a word longer than a post (a giant URL, text without spaces)
// without breaking a character apart.
func graphemeEnds(s string) []int {
	ends := make([]int, 0, len(s)/2)
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		_, to := g.Positions()
		ends = append(ends, to)
	}
	return ends
}
