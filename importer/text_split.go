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
// footer). It prefers sentence ends, then Unicode line-break opportunities
// (UAX #14: between words, and between the characters of Japanese or
// Chinese text), and cuts inside a word only when a single word is longer
// than a whole post, and then never inside a character (grapheme).
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
// segment may end), ascending. They come from one pass of Unicode's
// segmentation rules, so they work for every script: Japanese and Chinese
// have no spaces, and "。", "！", "？" end their sentences.
type breaks struct {
	// sentence: sentence boundaries (UAX #29) that are also line-break
	// opportunities, and mandatory line breaks (a newline).
	sentence []int32
	// line: line-break opportunities (UAX #14): after spaces, between
	// ideographs, after a closing "。" …; never inside a link.
	line []int32
	// grapheme: the end of every grapheme cluster, for cutting inside a
	// word longer than a post without breaking a character apart.
	grapheme []int32
}

// findBreaks segments s once, in linear time.
func findBreaks(s string) breaks {
	var bp breaks
	bp.grapheme = make([]int32, 0, len(s)/2+1)
	state := -1
	pos := 0
	inLink := false // from "http(s)://" to the next space
	for rest := s; rest != ""; {
		var cluster string
		var b int
		cluster, rest, b, state = uniseg.StepString(rest, state)
		r, _ := utf8.DecodeRuneInString(cluster)
		switch {
		case unicode.IsSpace(r):
			inLink = false
		case !inLink && (r == 'h' || r == 'H'):
			// A link may follow "(" or, in Japanese, a word with no space.
			inLink = hasLinkPrefix(s[pos:])
		}
		pos += len(cluster)
		bp.grapheme = append(bp.grapheme, int32(pos))
		lb := b & uniseg.MaskLine
		if lb == uniseg.LineMustBreak || lb == uniseg.LineCanBreak && !inLink {
			bp.line = append(bp.line, int32(pos))
			if lb == uniseg.LineMustBreak || b&uniseg.MaskSentence != 0 {
				bp.sentence = append(bp.sentence, int32(pos))
			}
		}
	}
	return bp
}

// hasLinkPrefix reports whether s starts with http:// or https:// (any
// case): Unicode allows a line break after every "/" of a URL, and a link
// cut in two no longer works.
func hasLinkPrefix(s string) bool {
	for _, p := range [...]string{"http://", "https://"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// packSegments fills segments greedily. Each segment is measured once, on
// grapheme ends (a galloping search that counts prefixes up to about
// twice the answer), so the work is linear in the text whatever its
// breaks; the segment then ends at the last line-break opportunity
// within it, or mid-word only when there is none (a word longer than a
// post). A sentence boundary is preferred when the segment it ends fills
// at least half the room the line break would give, so a short first
// sentence does not waste most of a post.
func packSegments(body string, bp *breaks, limit int, count CharCounter, suffix func(i int) string) ([]string, error) {
	var segs []string
	pos := 0
	for pos < len(body) {
		sfx := suffix(len(segs))
		fits := func(end int) bool {
			return count(strings.TrimSpace(body[pos:end])+sfx) <= limit
		}
		end := lastFitting(bp.grapheme, pos, fits)
		if end <= pos {
			return nil, fmt.Errorf("%w (limit %d)", errNoRoom, limit)
		}
		if end < len(body) {
			// A shorter prefix fits whenever a longer one does, so every
			// break up to end fits: no counting needed.
			if l := lastBreakUpTo(bp.line, pos, end); l > pos {
				end = l
				if s := lastBreakUpTo(bp.sentence, pos, end); s > pos && 2*(s-pos) >= end-pos {
					end = s
				}
			}
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

// searchInt32 is sort.SearchInts for int32 offsets.
func searchInt32(a []int32, x int) int {
	return sort.Search(len(a), func(i int) bool { return int(a[i]) >= x })
}

// lastFitting returns the largest candidate in cands (ascending) that is
// beyond pos and fits, or -1. Length only grows with end, so a galloping
// search (1, 2, 4, … candidates ahead, then bisection) finds it while
// counting only prefixes up to about twice the answer: a long text is
// not counted in full for every post cut from it.
func lastFitting(cands []int32, pos int, fits func(int) bool) int {
	lo := searchInt32(cands, pos+1)
	if lo == len(cands) || !fits(int(cands[lo])) {
		return -1
	}
	good, step := lo, 1
	bad := len(cands)
	for good+step < len(cands) {
		if !fits(int(cands[good+step])) {
			bad = good + step
			break
		}
		good += step
		step *= 2
	}
	// cands[good] fits, cands[bad] does not (or bad is past the end).
	k := sort.Search(bad-good-1, func(j int) bool { return !fits(int(cands[good+1+j])) })
	return int(cands[good+k])
}

// lastBreakUpTo returns the largest candidate in (pos, end], or -1.
func lastBreakUpTo(cands []int32, pos, end int) int {
	i := searchInt32(cands, end+1) - 1
	if i < 0 || int(cands[i]) <= pos {
		return -1
	}
	return int(cands[i])
}
