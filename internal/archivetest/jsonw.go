package archivetest

import (
	"bufio"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The generator builds one record at a time as a small ordered tree and
// prints it the way Twitter's exporter (Jackson's default pretty printer)
// does: `"key" : value`, two-space indent, "{ }" and "[ ]" when empty. Key
// order matters for realism, so objects are slices, not maps.
type (
	obj []kv
	kv  struct {
		k string
		v any
	}
	arr []any
	// num is a raw JSON number (Grailbird); GDPR eras write numbers as strings.
	num string
)

// style is the pretty-printing dialect of one file.
type style struct {
	// braces puts every array element on its own line (2021+ exports);
	// otherwise arrays are inline: `[ "0", "10" ]` and `[ {` … `}, {` … `} ]`.
	braces bool
	// astral writes characters above U+FFFF as surrogate-pair escapes.
	astral bool
	// slash escapes "/" as "\/" (Grailbird from 2014).
	slash bool
}

type enc struct {
	w  *bufio.Writer
	st style
}

// newlines holds "\n" plus indentation for the nesting levels we use.
var newlines = "\n" + strings.Repeat("  ", 32)

func (e *enc) indent(level int) {
	e.w.WriteString(newlines[:1+2*min(level, 32)])
}

func (e *enc) value(v any, level int) {
	switch x := v.(type) {
	case string:
		e.str(x)
	case num:
		e.w.WriteString(string(x))
	case bool:
		e.w.WriteString(strconv.FormatBool(x))
	case obj:
		e.object(x, level)
	case arr:
		e.array(x, level)
	default:
		panic("archivetest: unsupported JSON value") // programming error only
	}
}

func (e *enc) object(o obj, level int) {
	if len(o) == 0 {
		e.w.WriteString("{ }")
		return
	}
	e.w.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			e.w.WriteByte(',')
		}
		e.indent(level + 1)
		e.str(f.k)
		e.w.WriteString(" : ")
		e.value(f.v, level+1)
	}
	e.indent(level)
	e.w.WriteByte('}')
}

func (e *enc) array(a arr, level int) {
	if len(a) == 0 {
		e.w.WriteString("[ ]")
		return
	}
	if !e.st.braces {
		e.w.WriteString("[ ")
		for i, v := range a {
			if i > 0 {
				e.w.WriteString(", ")
			}
			e.value(v, level)
		}
		e.w.WriteString(" ]")
		return
	}
	e.w.WriteByte('[')
	for i, v := range a {
		if i > 0 {
			e.w.WriteByte(',')
		}
		e.indent(level + 1)
		e.value(v, level+1)
	}
	e.indent(level)
	e.w.WriteByte(']')
}

const hexDigits = "0123456789ABCDEF"

func (e *enc) u4(r rune) {
	e.w.WriteString(`\u`)
	e.w.WriteByte(hexDigits[r>>12&0xF])
	e.w.WriteByte(hexDigits[r>>8&0xF])
	e.w.WriteByte(hexDigits[r>>4&0xF])
	e.w.WriteByte(hexDigits[r&0xF])
}

// needsEscape marks the ASCII bytes that cannot be copied as they are.
var needsEscape = func() (t [utf8.RuneSelf]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

func (e *enc) str(s string) {
	e.w.WriteByte('"')
	start := 0 // s[start:i] is pending, needing no escapes
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !needsEscape[c] && !(c == '/' && e.st.slash) {
				i++
				continue
			}
			e.w.WriteString(s[start:i])
			switch c {
			case '"':
				e.w.WriteString(`\"`)
			case '\\':
				e.w.WriteString(`\\`)
			case '/':
				e.w.WriteString(`\/`)
			case '\n':
				e.w.WriteString(`\n`)
			case '\r':
				e.w.WriteString(`\r`)
			case '\t':
				e.w.WriteString(`\t`)
			default:
				e.u4(rune(c))
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r > 0xFFFF && e.st.astral {
			e.w.WriteString(s[start:i])
			r -= 0x10000
			e.u4(0xD800 + r>>10)
			e.u4(0xDC00 + r&0x3FF)
			start = i + size
		}
		i += size
	}
	e.w.WriteString(s[start:])
	e.w.WriteByte('"')
}

// arrayStream writes a top-level array one element at a time so a 100,000
// tweet file never exists in memory as a whole.
type arrayStream struct {
	e *enc
	n int
}

func (a *arrayStream) add(v any) {
	switch {
	case a.e.st.braces && a.n == 0:
		a.e.w.WriteByte('[')
	case a.e.st.braces:
		a.e.w.WriteByte(',')
	case a.n == 0:
		a.e.w.WriteString("[ ")
	default:
		a.e.w.WriteString(", ")
	}
	if a.e.st.braces {
		a.e.indent(1)
		a.e.value(v, 1)
	} else {
		a.e.value(v, 0)
	}
	a.n++
}

func (a *arrayStream) end() {
	switch {
	case a.n == 0:
		a.e.w.WriteString("[ ]")
	case a.e.st.braces:
		a.e.indent(0)
		a.e.w.WriteByte(']')
	default:
		a.e.w.WriteString(" ]")
	}
}
