package archive

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// maxPrefix bounds the "window.YTD.tweets.part0 =" part of a data file; real
// prefixes are under 60 bytes.
const maxPrefix = 1024

// decodeOpts are used for every record: unknown members are ignored (they
// keep appearing), and duplicate member names are tolerated because
// hand-patched Grailbird files have been seen with them.
var decodeOpts = json.JoinOptions(jsontext.AllowDuplicateNames(true))

// errNotAssignment is returned when a data file does not start with a
// JavaScript assignment of the documented shape.
var errNotAssignment = errors.New("not a JavaScript data file: expected `name = [...]`")

// stripAssignment consumes an optional UTF-8 BOM and the `prefix =` part of
// a data file from br, checks the prefix shape, and returns how many bytes
// it consumed. Nothing is ever evaluated.
func stripAssignment(br *bufio.Reader) (int64, error) {
	var consumed int64
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
		consumed = 3
	}
	var prefix []byte
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			if len(bytes.TrimSpace(prefix)) == 0 {
				return consumed, errors.New("empty file")
			}
			return consumed, errNotAssignment
		}
		if err != nil {
			return consumed, err
		}
		consumed++
		if c == '=' {
			break
		}
		prefix = append(prefix, c)
		if len(prefix) > maxPrefix {
			return consumed, errNotAssignment
		}
	}
	if !validPrefix(prefix) {
		return consumed, fmt.Errorf("%w (found %q before the first '=')", errNotAssignment, truncate(string(prefix), 40))
	}
	return consumed, nil
}

// validPrefix implements ^\s*(var\s+|window\.)?[A-Za-z_$][\w$.]*\s*$ by hand.
func validPrefix(p []byte) bool {
	p = bytes.TrimSpace(p)
	if rest, ok := bytes.CutPrefix(p, []byte("var")); ok && len(rest) > 0 && isSpace(rest[0]) {
		p = bytes.TrimSpace(rest)
	} else {
		p = bytes.TrimPrefix(p, []byte("window."))
	}
	if len(p) == 0 || !isIdentStart(p[0]) || string(p) == "var" {
		return false
	}
	for _, c := range p[1:] {
		if !isIdentStart(c) && !(c >= '0' && c <= '9') && c != '.' {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

// arrayReader hands out the elements of the JSON array in one data file,
// one at a time, so only the current record is ever held in memory.
type arrayReader struct {
	name  string
	dec   *jsontext.Decoder
	base  int64 // bytes before the JSON value (BOM and assignment)
	index int   // records handed out so far
	off   int64 // file offset of the current record
	br    *bufio.Reader
	guard *guardReader
	done  bool
	err   error
}

func newArrayReader(name string, r io.Reader) (*arrayReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := checkUTF16(br); err != nil {
		return nil, fmt.Errorf("%s %w", name, err)
	}
	base, err := stripAssignment(br)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, plainJSON(err, nil))
	}
	g := newGuardReader(br, name, base, 1)
	a := &arrayReader{name: name, dec: jsontext.NewDecoder(g, decodeOpts), base: base, br: br, guard: g}
	tok, err := a.dec.ReadToken()
	if err != nil {
		return nil, a.wrap(fmt.Errorf("reading the start of the array: %w", err))
	}
	if tok.Kind() != '[' {
		return nil, fmt.Errorf("%s: byte %d: expected a JSON array, found %s", name, g.fileOffset(a.dec.InputOffset()), tok.Kind())
	}
	return a, nil
}

// next advances to the next record and reports whether there is one. After
// it returns false, err says why (nil at the end of a well-formed file).
func (a *arrayReader) next() bool {
	if a.done || a.err != nil {
		return false
	}
	kind := a.dec.PeekKind()
	// Point error messages at the record itself, past the separator.
	pos := a.dec.InputOffset()
	a.guard.forget(pos)
	for _, c := range a.dec.UnreadBuffer() {
		if !isSpace(c) && c != ',' {
			break
		}
		pos++
	}
	a.off = a.guard.fileOffset(pos)
	if kind == ']' {
		if _, err := a.dec.ReadToken(); err != nil {
			a.err = a.wrap(err)
			return false
		}
		a.done = true
		a.err = a.checkTrailer()
		return false
	}
	if kind == 0 {
		// PeekKind reports 0 on error; ReadValue gives the reason.
		_, err := a.dec.ReadValue()
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("file ends in the middle of the array (is it truncated?): %w", io.ErrUnexpectedEOF)
		}
		a.err = a.wrapRecord(err)
		return false
	}
	a.index++
	return true
}

// decode unmarshals the current record into v.
func (a *arrayReader) decode(v any) error {
	if err := json.UnmarshalDecode(a.dec, v, decodeOpts); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = cutRecord(err)
		}
		a.err = a.wrapRecord(err)
		return a.err
	}
	return nil
}

// decodeWith decodes the current record with a hand-written decoder.
func (a *arrayReader) decodeWith(fn func(dec *jsontext.Decoder) error) error {
	if err := fn(a.dec); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = cutRecord(err)
		}
		a.err = a.wrapRecord(err)
		return a.err
	}
	return nil
}

// errorf builds an error naming the file, record and byte offset.
func (a *arrayReader) errorf(format string, args ...any) error {
	return a.wrapRecord(fmt.Errorf(format, args...))
}

func (a *arrayReader) wrapRecord(err error) error {
	if err, ok := guardErr(err); ok {
		return err
	}
	return fmt.Errorf("%s: record %d (byte %d): %w", a.name, a.index, a.off, plainJSON(err, a.guard.fileOffset))
}

func (a *arrayReader) wrap(err error) error {
	if err, ok := guardErr(err); ok {
		return err
	}
	return fmt.Errorf("%s: byte %d: %w", a.name, a.guard.fileOffset(a.dec.InputOffset()), plainJSON(err, nil))
}

// checkTrailer accepts only whitespace and semicolons after the array.
func (a *arrayReader) checkTrailer() error {
	return checkTrailer(a.name, a.dec, a.br, a.guard)
}

// maxTrailer bounds how much trailing whitespace we read after the value.
const maxTrailer = 64 << 10

func checkTrailer(name string, dec *jsontext.Decoder, br *bufio.Reader, g *guardReader) error {
	off := g.fileOffset(dec.InputOffset())
	// Part of the tail may sit in the decoder's buffer and the rest in br,
	// which the decoder no longer reads once the value is complete.
	bad := func(b []byte) bool {
		for _, c := range b {
			if !isSpace(c) && c != ';' {
				return true
			}
		}
		return false
	}
	if bad(dec.UnreadBuffer()) {
		return fmt.Errorf("%s: byte %d: unexpected data after the JSON value", name, off)
	}
	tail, err := io.ReadAll(io.LimitReader(br, maxTrailer+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if bad(tail) || len(tail) > maxTrailer {
		return fmt.Errorf("%s: byte %d: unexpected data after the JSON value", name, off)
	}
	return nil
}

// readObject decodes a data file holding a single assigned JSON value
// (manifest.js, Grailbird's user_details.js) into v.
func readObject(name string, r io.Reader, v any) error {
	br := bufio.NewReader(r)
	if err := checkUTF16(br); err != nil {
		return fmt.Errorf("%s %w", name, err)
	}
	base, err := stripAssignment(br)
	if err != nil {
		return fmt.Errorf("%s: %w", name, plainJSON(err, nil))
	}
	g := newGuardReader(br, name, base, 0)
	dec := jsontext.NewDecoder(g, decodeOpts)
	if err := json.UnmarshalDecode(dec, v, decodeOpts); err != nil {
		if err, ok := guardErr(err); ok {
			return err
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("%s: byte %d: %w", name, g.fileOffset(dec.InputOffset()), plainJSON(err, nil))
	}
	return checkTrailer(name, dec, br, g)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
