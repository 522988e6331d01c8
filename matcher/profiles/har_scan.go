package profiles

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// harScanner reads the outer structure of a HAR file straight from a
// bufio.Reader. It exists, instead of a jsontext.Decoder, because a
// decoder buffers each value whole before handing it out: one oversized
// body, or a request's huge postData, would then set the memory use. The
// scanner skips what it does not need without keeping it, and copies a
// string only up to a limit. Its errors give a byte offset, never the
// file's bytes: the file holds the person's session.
type harScanner struct {
	br  *bufio.Reader
	off int64 // bytes consumed so far
}

// maxHARDepth bounds nesting in skipped values; HAR files nest a few levels.
const maxHARDepth = 512

var errHARTruncated = errors.New("the file ends in the middle of the HAR (cut short?)")

// harSyntaxError is a place where the file stops being a HAR.
type harSyntaxError struct {
	what string
	off  int64
}

func (e *harSyntaxError) Error() string { return fmt.Sprintf("%s at byte %d", e.what, e.off) }

func (s *harScanner) errAt(what string) error {
	return &harSyntaxError{what, s.off}
}

// peek returns the next byte that is not white space, without consuming it.
func (s *harScanner) peek() (byte, error) {
	for {
		buf, err := s.fill()
		if err != nil {
			return 0, err
		}
		i := 0
		for i < len(buf) && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r') {
			i++
		}
		s.discard(i)
		if i < len(buf) {
			return buf[i], nil
		}
	}
}

// fill returns the buffered bytes, reading more when none are left.
func (s *harScanner) fill() ([]byte, error) {
	if n := s.br.Buffered(); n > 0 {
		b, _ := s.br.Peek(n)
		return b, nil
	}
	b, err := s.br.Peek(1)
	if len(b) == 0 {
		if errors.Is(err, io.EOF) {
			return nil, errHARTruncated
		}
		return nil, err
	}
	return s.br.Peek(s.br.Buffered())
}

func (s *harScanner) discard(n int) {
	_, _ = s.br.Discard(n)
	s.off += int64(n)
}

// expect consumes c, after white space.
func (s *harScanner) expect(c byte, what string) error {
	got, err := s.peek()
	if err != nil {
		return err
	}
	if got != c {
		return s.errAt("expected " + what)
	}
	s.discard(1)
	return nil
}

// member reads the next member name of an object whose '{' was read
// (first is true right after it) and the ':' after it. ok is false at the
// closing '}', which is consumed. The name is unescaped into buf.
func (s *harScanner) member(first bool, buf []byte) (name []byte, ok bool, err error) {
	c, err := s.peek()
	if err != nil {
		return nil, false, err
	}
	if c == '}' {
		s.discard(1)
		return nil, false, nil
	}
	if !first {
		if c != ',' {
			return nil, false, s.errAt("expected ',' or '}'")
		}
		s.discard(1)
		if c, err = s.peek(); err != nil {
			return nil, false, err
		}
	}
	if c != '"' {
		return nil, false, s.errAt("expected a member name")
	}
	s.discard(1)
	name, _, err = s.str(buf[:0], 256)
	if err != nil {
		return nil, false, err
	}
	return name, true, s.expect(':', "':'")
}

// element reports whether an array whose '[' was read has another
// element, consuming the ',' before it or the closing ']'.
func (s *harScanner) element(first bool) (bool, error) {
	c, err := s.peek()
	if err != nil {
		return false, err
	}
	if c == ']' {
		s.discard(1)
		return false, nil
	}
	if first {
		return true, nil
	}
	if c != ',' {
		return false, s.errAt("expected ',' or ']'")
	}
	s.discard(1)
	return true, nil
}

// stringValue reads a string value into dst, keeping at most limit bytes
// (over reports that there were more; the rest is read and dropped). A
// value that is not a string is skipped and reported as !isString.
func (s *harScanner) stringValue(dst []byte, limit int) (out []byte, isString, over bool, err error) {
	c, err := s.peek()
	if err != nil {
		return dst, false, false, err
	}
	if c != '"' {
		return dst, false, false, s.skip(0)
	}
	s.discard(1)
	out, over, err = s.str(dst, limit)
	return out, true, over, err
}

// plain marks the bytes a string copies without looking at them.
var plain = func() (t [256]bool) {
	for i := 0x20; i < 256; i++ {
		t[i] = i != '"' && i != '\\'
	}
	return t
}()

// str reads the rest of a string whose opening quote was consumed,
// appending the unescaped text to dst while it stays within limit.
func (s *harScanner) str(dst []byte, limit int) ([]byte, bool, error) {
	over := false
	keep := func(b []byte) {
		if over {
			return
		}
		if len(dst)+len(b) > limit {
			over = true
			return
		}
		dst = append(dst, b...)
	}
	for {
		buf, err := s.fill()
		if err != nil {
			return dst, over, err
		}
		i := 0
		for i < len(buf) && plain[buf[i]] {
			i++
		}
		keep(buf[:i])
		if i == len(buf) {
			s.discard(i)
			continue
		}
		c := buf[i]
		s.discard(i)
		switch {
		case c == '"':
			s.discard(1)
			return dst, over, nil
		case c < 0x20:
			return dst, over, s.errAt("control character in a string")
		}
		var r rune
		var n int
		if r, n, err = s.escape(); err != nil {
			return dst, over, err
		}
		var tmp [utf8.UTFMax]byte
		keep(tmp[:utf8.EncodeRune(tmp[:], r)])
		s.discard(n)
	}
}

// escape decodes the escape sequence at the reader's position, returning
// the rune and its length. Lone surrogates become U+FFFD, as in Go's own
// JSON decoders.
func (s *harScanner) escape() (rune, int, error) {
	b, _ := s.br.Peek(2)
	if len(b) < 2 {
		return 0, 0, errHARTruncated
	}
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2, nil
	case 'b':
		return '\b', 2, nil
	case 'f':
		return '\f', 2, nil
	case 'n':
		return '\n', 2, nil
	case 'r':
		return '\r', 2, nil
	case 't':
		return '\t', 2, nil
	case 'u':
	default:
		return 0, 0, s.errAt("invalid escape in a string")
	}
	b, _ = s.br.Peek(6)
	r, ok := hex4(b)
	if !ok {
		return 0, 0, s.errAt("invalid \\u escape in a string")
	}
	if r < 0xd800 || r >= 0xe000 {
		return r, 6, nil
	}
	if r < 0xdc00 {
		if b, _ = s.br.Peek(12); len(b) == 12 && b[6] == '\\' && b[7] == 'u' {
			if lo, ok := hex4(b[6:]); ok && lo >= 0xdc00 && lo < 0xe000 {
				return (r-0xd800)<<10 + (lo - 0xdc00) + 0x10000, 12, nil
			}
		}
	}
	return utf8.RuneError, 6, nil
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 6 {
		return 0, false
	}
	var r rune
	for _, c := range b[2:6] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// skip reads past one value of any kind, keeping nothing.
func (s *harScanner) skip(depth int) error {
	if depth > maxHARDepth {
		return s.errAt("nested too deeply")
	}
	c, err := s.peek()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		s.discard(1)
		_, _, err := s.str(nil, 0)
		return err
	case '{':
		s.discard(1)
		var name [256]byte
		for first := true; ; first = false {
			_, ok, err := s.member(first, name[:0])
			if err != nil || !ok {
				return err
			}
			if err := s.skip(depth + 1); err != nil {
				return err
			}
		}
	case '[':
		s.discard(1)
		for first := true; ; first = false {
			more, err := s.element(first)
			if err != nil || !more {
				return err
			}
			if err := s.skip(depth + 1); err != nil {
				return err
			}
		}
	}
	_, err = s.literal()
	return err
}

// literal reads a number, true, false or null and returns it (valid until
// the next read).
func (s *harScanner) literal() ([]byte, error) {
	var lit [40]byte
	n := 0
	for {
		buf, err := s.fill()
		if errors.Is(err, errHARTruncated) && n > 0 {
			break
		}
		if err != nil {
			return nil, err
		}
		i := 0
		for i < len(buf) && isLiteralByte(buf[i]) {
			i++
		}
		if n+i > len(lit) {
			return nil, s.errAt("invalid value")
		}
		n += copy(lit[n:], buf[:i])
		s.discard(i)
		if i < len(buf) {
			break
		}
	}
	v := lit[:n]
	switch string(v) {
	case "true", "false", "null":
		return v, nil
	}
	if n == 0 || !(v[0] == '-' || v[0] >= '0' && v[0] <= '9') {
		return nil, s.errAt("invalid value")
	}
	for _, c := range v[1:] {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return nil, s.errAt("invalid number")
		}
	}
	return v, nil
}

func isLiteralByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.'
}
