package matcher

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Internationalised domain names written in Unicode ("bücher.example.de",
// "пример.рф"). The scanners read ASCII byte by byte and only come here
// when they meet a non-ASCII byte, so ASCII text keeps its fast path.
//
// The hard part is where such a domain ends. CJK, Thai and Arabic prose
// is written without spaces, so "@alice@mastodon.social的" or
// "mastodon.social/@alice。次" must still give the ASCII handle. Two rules
// decide: a label does not normally change script in its middle (a
// "break"), and the last label must be a public suffix. The longest
// valid domain without a break wins; only when there is none is a valid
// domain with a break taken (UTS 39 allows "abc日本.jp"), and if the break
// mixes Latin, Cyrillic and Greek it is marked as a possible homograph.

// isIDNRune reports non-ASCII runes that may be part of a domain label:
// letters, combining marks and digits. Punctuation such as "。", "、", "…"
// and emoji end a domain.
func isIDNRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}

// script is a coarse Unicode script class, enough to see where a label
// changes script.
type script uint8

const (
	scriptCommon script = iota // digits, '-', marks, length marks: no script of their own
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptHan
	scriptHiragana
	scriptKatakana
	scriptHangul
	scriptBopomofo
	scriptArabic
	scriptHebrew
	scriptThai
	scriptDevanagari
	scriptOther
)

var scriptTables = []struct {
	s script
	t *unicode.RangeTable
}{
	{scriptLatin, unicode.Latin}, {scriptCyrillic, unicode.Cyrillic},
	{scriptGreek, unicode.Greek}, {scriptHan, unicode.Han},
	{scriptHiragana, unicode.Hiragana}, {scriptKatakana, unicode.Katakana},
	{scriptHangul, unicode.Hangul}, {scriptBopomofo, unicode.Bopomofo},
	{scriptArabic, unicode.Arabic}, {scriptHebrew, unicode.Hebrew},
	{scriptThai, unicode.Thai}, {scriptDevanagari, unicode.Devanagari},
}

func scriptOf(r rune) script {
	if r < utf8.RuneSelf {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return scriptLatin
		}
		return scriptCommon
	}
	if !unicode.IsLetter(r) {
		return scriptCommon
	}
	for _, st := range scriptTables {
		if unicode.Is(st.t, r) {
			return st.s
		}
	}
	if unicode.Is(unicode.Common, r) || unicode.Is(unicode.Inherited, r) {
		return scriptCommon // "ー" and friends
	}
	return scriptOther
}

// compatible reports script pairs that one word may mix: Japanese writes
// Han with kana, Korean Han with Hangul, Chinese Han with Bopomofo.
func compatible(a, b script) bool {
	if a == b {
		return true
	}
	if a > b {
		a, b = b, a
	}
	return a == scriptHan && (b == scriptHiragana || b == scriptKatakana || b == scriptHangul || b == scriptBopomofo) ||
		a == scriptHiragana && b == scriptKatakana
}

// confusable reports scripts whose letters look alike: a label mixing
// them can spell an ASCII name with a Cyrillic "а".
func confusable(s script) bool {
	return s == scriptLatin || s == scriptCyrillic || s == scriptGreek
}

// lookalikes are lower-case Cyrillic and Greek letters that read as ASCII
// letters in most fonts. A label written only with them ("сосо") is a
// whole-script homograph of an ASCII name.
const lookalikes = "асԁеһіјӏорԛѕԝхуүοαρνικυχ"

// labelInfo describes one label: glue is a break between scripts that do
// not mix, spoof a break between look-alike scripts or a label made only
// of look-alike letters. breaks counts the breaks; lastBreak is the byte
// offset of the letter after the last one, lettersBefore the number of
// letters before it and from, to the scripts on either side of it.
type labelInfo struct {
	glue, spoof   bool
	breaks        int
	lastBreak     int
	lettersBefore int
	from, to      script
}

func inspectLabel(label string) labelInfo {
	var li labelInfo
	prev := scriptCommon
	letters, alike, nonASCII := 0, 0, false
	for i, r := range label {
		s := scriptOf(r)
		if r >= utf8.RuneSelf {
			nonASCII = true
		}
		if s == scriptCommon {
			continue
		}
		if prev != scriptCommon && !compatible(prev, s) {
			li.breaks++
			li.lastBreak = i
			li.lettersBefore = letters
			li.from, li.to = prev, s
			if confusable(prev) && confusable(s) {
				li.spoof = true
			} else {
				li.glue = true
			}
		}
		letters++
		if strings.ContainsRune(lookalikes, unicode.ToLower(r)) {
			alike++
		}
		prev = s
	}
	if nonASCII && letters > 0 && alike == letters {
		li.spoof = true
	}
	return li
}

// inspectDomain folds inspectLabel over the labels of d.
func inspectDomain(d string) (glue, spoof bool) {
	for label := range strings.SplitSeq(d, ".") {
		if isASCII(label) {
			continue
		}
		li := inspectLabel(label)
		glue = glue || li.glue
		spoof = spoof || li.spoof
	}
	return glue, spoof
}

// maxIDNTries bounds how many shorter domains are tried after a domain
// run that is not valid as a whole; each try converts to punycode.
const maxIDNTries = 64

// maxTLDRunes is longer than any top-level domain on the public suffix
// list, ASCII ("xn--vermgensberatung-pwb") or Unicode: a cut whose last
// label is longer cannot be valid and is skipped without a conversion.
const maxTLDRunes = 24

// idnDomainEnd chooses where a domain written with non-ASCII letters
// ends. text[from:end] is the whole run of domain characters after an
// '@'. Cut points are the run's end and every rune boundary next to a
// non-ASCII rune; the longest cut that is a valid domain without a script
// break wins, else the longest valid one. It returns the end offset, the
// domain's ASCII form and whether it may be a homograph; ok is false when
// no cut gives a valid domain.
func idnDomainEnd(text string, from, end int) (dEnd int, ascii string, spoof, ok bool) {
	// Cut points, shortest first; a domain is at most 253 bytes long.
	var cutsBuf [64]int
	cuts := cutsBuf[:0]
	prevNonASCII := false
	for i := from; i < end && i-from <= 253; {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		nonASCII := r >= utf8.RuneSelf
		if i > from && (nonASCII || prevNonASCII) {
			cuts = append(cuts, i)
		}
		prevNonASCII = nonASCII
		i += n
	}
	if end-from <= 253 {
		cuts = append(cuts, end)
	}
	fallback, fallbackASCII, tries := -1, "", 0
	for k := len(cuts) - 1; k >= 0 && tries < maxIDNTries; k-- {
		e := trimDomainEnd(text, from, cuts[k])
		d := text[from:e]
		dot := strings.LastIndexByte(d, '.')
		if dot < 0 || k+1 < len(cuts) && trimDomainEnd(text, from, cuts[k+1]) == e {
			continue // not a domain, or nothing new to try
		}
		if tld := d[dot+1:]; utf8.RuneCountInString(tld) > maxTLDRunes || !isASCII(tld) && inspectLabel(tld).breaks > 0 {
			continue // no top-level domain is that long or changes script
		}
		tries++
		a, _, valid := checkDomain(d)
		if !valid {
			continue
		}
		glue, sp := inspectDomain(d)
		if !glue && !sp {
			return e, a, false, true
		}
		if fallback < 0 {
			fallback, fallbackASCII = e, a
		}
	}
	if fallback < 0 {
		return 0, "", false, false
	}
	_, sp := inspectDomain(text[from:fallback])
	return fallback, fallbackASCII, sp, true
}

// trimDomainEnd drops trailing dots and hyphens from text[from:e].
func trimDomainEnd(text string, from, e int) int {
	for e > from && (text[e-1] == '.' || text[e-1] == '-') {
		e--
	}
	return e
}

// hostStart returns where a host written in a URL without spaces before
// it really starts: "詳しくはmastodon.social" starts at "mastodon". It cuts
// at the last script break of the first label, unless what is before the
// break is itself mixed, or is a short run of look-alike script ("pаypal",
// "ѕocial"): those are kept whole, to be judged as homographs.
func hostStart(host string) int {
	first := host
	if dot := strings.IndexByte(host, '.'); dot >= 0 {
		first = host[:dot]
	}
	li := inspectLabel(first)
	if li.breaks != 1 {
		return 0
	}
	if confusable(li.from) && confusable(li.to) && li.lettersBefore < 3 {
		return 0
	}
	return li.lastBreak
}
