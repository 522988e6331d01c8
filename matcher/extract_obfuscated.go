package matcher

import (
	"strings"
	"unicode/utf8"
)

// obfKind records which written-around forms a decoded match relied on.
type obfKind uint8

const (
	obfBracketAt obfKind = 1 << iota // [at] (at) {at} <at> [@] (@)
	obfWordAt                        // alice at host: also plain prose ("editor at x.com")
	obfSpaceAt                       // alice @ host
	obfDot                           // [dot] (dot) [.] (.) " dot " · " . "
	obfOn                            // @alice on host.tld
)

// decoded is a de-obfuscated copy of a text with, for every output byte,
// the offset of the input byte it came from and the forms that produced
// it (zero for bytes copied unchanged).
type decoded struct {
	text  string
	src   []int
	kinds []obfKind
}

// deobfuscate rewrites the written-around forms of '@' and '.' into the
// characters themselves. It reports false, allocating nothing, when
// nothing needs rewriting. Every rule consumes the input it matches,
// and the only look-behind (for "@user on host") walks back over one
// user part, so the whole pass is linear.
func deobfuscate(s string) (decoded, bool) {
	// Find the first rewrite without allocating; most texts have none.
	first := -1
	for i := 0; i < len(s); i++ {
		if _, _, n := matchObf(s, i, s[:i]); n > 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return decoded{}, false
	}
	out := make([]byte, first, len(s))
	copy(out, s[:first])
	src := make([]int, first, len(s))
	for i := range src {
		src[i] = i
	}
	kinds := make([]obfKind, first, len(s))
	for i := first; i < len(s); {
		if c, k, n := matchObf(s, i, out); n > 0 {
			out = append(out, c)
			src = append(src, i)
			kinds = append(kinds, k)
			i += n
			continue
		}
		out = append(out, s[i])
		src = append(src, i)
		kinds = append(kinds, 0)
		i++
	}
	return decoded{text: string(out), src: src, kinds: kinds}, true
}

// matchObf tries every rule at s[i:]; n is how many bytes it consumed.
// out is the decoded text so far (for the "@user on host" look-behind).
func matchObf[T ~string | ~[]byte](s string, i int, out T) (c byte, k obfKind, n int) {
	// Spaces in front of a bracketed form belong to it ("alice [at] host").
	j := skipSpaces(s, i)
	if j < len(s) && (s[j] == '[' || s[j] == '(' || s[j] == '{' || s[j] == '<') {
		if m := bracketWord(s, j); m > 0 {
			word := strings.ToLower(s[j+1 : j+m-1])
			end := skipSpaces(s, j+m)
			switch word {
			case "at", "@":
				return '@', obfBracketAt, end - i
			case "dot", ".":
				return '.', obfDot, end - i
			}
		}
	}
	prevOK := i > 0 && isUserByte(s[i-1])
	if s[i] == ' ' && prevOK {
		w := skipSpaces(s, i)
		word, after := wordAt(s, w)
		if after > w && after < len(s) && s[after] == ' ' {
			next := skipSpaces(s, after)
			if startsLabel(s, next) {
				switch strings.ToLower(word) {
				case "at":
					return '@', obfWordAt, next - i
				case "dot":
					return '.', obfDot, next - i
				case "on":
					if endsWithAtUser(out) && domainAhead(s, next) {
						return '@', obfOn, next - i
					}
				}
			}
		}
		// "alice @ host", "alice . social"
		if w < len(s) && (s[w] == '@' || s[w] == '.') && w+1 < len(s) && s[w+1] == ' ' {
			next := skipSpaces(s, w+1)
			if startsLabel(s, next) {
				if s[w] == '@' {
					return '@', obfSpaceAt, next - i
				}
				return '.', obfDot, next - i
			}
		}
	}
	// "alice@ host"
	if s[i] == '@' && prevOK && i+1 < len(s) && s[i+1] == ' ' {
		next := skipSpaces(s, i+1)
		if startsLabel(s, next) {
			return '@', obfSpaceAt, next - i
		}
	}
	// A middle dot between letters: "mastodon·social", "mastodon・social".
	if prevOK {
		for _, md := range middleDots {
			if strings.HasPrefix(s[i:], md) && i+len(md) < len(s) && isAlnum(s[i+len(md)]) {
				return '.', obfDot, len(md)
			}
		}
	}
	return 0, 0, 0
}

// middleDots are the dot look-alikes people put between a host's labels.
var middleDots = []string{"·", "・", "･"}

// bracketWord returns the length of "(word)" at s[j:] when word is one to
// three bytes long and the brackets pair up, else 0.
func bracketWord(s string, j int) int {
	var closeFor byte
	switch s[j] {
	case '[':
		closeFor = ']'
	case '(':
		closeFor = ')'
	case '{':
		closeFor = '}'
	default:
		closeFor = '>'
	}
	for k := j + 1; k < len(s) && k <= j+4; k++ {
		if s[k] == closeFor {
			if k == j+1 {
				return 0
			}
			return k - j + 1
		}
	}
	return 0
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// wordAt returns the ASCII letters starting at s[i] and where they end.
func wordAt(s string, i int) (string, int) {
	j := i
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') && j-i < 4 {
		j++
	}
	return s[i:j], j
}

// endsWithAtUser reports whether out ends with "@user" where '@' starts a
// token, the shape "@user on host.tld" needs.
func endsWithAtUser[T ~string | ~[]byte](out T) bool {
	k := len(out)
	for k > 0 && isUserByte(out[k-1]) {
		k--
	}
	if k == len(out) || k == 0 || out[k-1] != '@' {
		return false
	}
	return k == 1 || !isWordByte(out[k-2])
}

// domainAhead reports whether s[i:] starts with a dotted host name.
func domainAhead(s string, i int) bool {
	j, _ := domainRun(s, i)
	d := strings.TrimRight(s[i:j], ".-")
	return strings.IndexByte(d, '.') > 0
}

// startsLabel reports whether s[i:] starts with a letter or digit that
// may begin a host label, ASCII or not ("über.example").
func startsLabel(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if s[i] < utf8.RuneSelf {
		return isAlnum(s[i])
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isIDNRune(r)
}

// scanObfuscated decodes text and scans the result for handles that were
// not visible before decoding. Offsets in the hits refer to the original
// text.
func scanObfuscated(text string, emit func(hit) bool) {
	if !mayBeObfuscated(text) {
		return
	}
	d, ok := deobfuscate(text)
	if !ok {
		return
	}
	scanAt(d.text, func(h hit) bool {
		var k obfKind
		for i := h.start; i < h.end; i++ {
			k |= d.kinds[i]
		}
		if k == 0 {
			return true // visible without decoding: the plain pass has it
		}
		acct := h.form == FormAcct || h.form == FormAcctURI
		h.obf = k
		h.form = FormObfuscated
		switch {
		case acct:
			h.base = baseObfAcct
		case k&(obfBracketAt|obfDot) != 0:
			h.base = baseObfBare
		default:
			// Only " at " or " @ " with a plain domain: indistinguishable
			// from prose like "engineer at example.social" or a job line
			// like "SRE @ example.social".
			h.base = baseObfWord
		}
		h.start, h.end = d.src[h.start], d.src[h.end-1]+1
		return emit(h)
	})
}

// mayBeObfuscated is a cheap pre-check so texts with nothing written
// around skip the decoding pass.
func mayBeObfuscated(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		switch s[i] {
		case ' ':
			if s[i+1] == '@' || s[i+1] == '.' || s[i+1] == '[' || s[i+1] == '(' || s[i+1] == '{' || s[i+1] == '<' {
				return true
			}
			if i+3 < len(s) && s[i+3] == ' ' {
				w := s[i+1 : i+3]
				if strings.EqualFold(w, "at") || strings.EqualFold(w, "on") {
					return true
				}
			}
			if i+4 < len(s) && s[i+4] == ' ' && strings.EqualFold(s[i+1:i+4], "dot") {
				return true
			}
		case '@':
			if s[i+1] == ' ' {
				return true
			}
		case '[', '(', '{', '<':
			return true
		case 0xC2, 0xE3, 0xEF: // first bytes of "·", "・", "･"
			return true
		}
	}
	return false
}

const (
	baseObfAcct = 0.70 // "@alice [at] host", "@alice on host.tld"
	baseObfBare = 0.45 // "alice [at] host [dot] social", "alice at host dot social"
	baseObfWord = 0.25 // "alice at host.social", "alice @ host.social"
)
