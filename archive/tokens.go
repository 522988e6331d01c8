package archive

import (
	"fmt"

	"github.com/go-json-experiment/json/jsontext"
)

// Token-level helpers for the hand-written tweet decoder. They read
// straight from the jsontext.Decoder: no reflection, no name maps, and
// names are compared as bytes without allocating.

// beginObject reads the '{' of an object; null reports an empty object
// (ok false). Members then come from nextMember.
func beginObject(dec *jsontext.Decoder, what string) (ok bool, err error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return false, err
	}
	switch tok.Kind() {
	case 'n':
		return false, nil
	case '{':
		return true, nil
	}
	return false, fmt.Errorf("%s: expected an object, found %s", what, tok.Kind())
}

// nextMember reads the next member name of the current object, or its
// closing '}' (ok false). The name is valid only until the next read.
func nextMember(dec *jsontext.Decoder) (name []byte, ok bool, err error) {
	if dec.PeekKind() == '}' {
		_, err := dec.ReadToken()
		return nil, false, err
	}
	v, err := dec.ReadValue()
	if err != nil {
		return nil, false, err
	}
	name = []byte(v)
	if len(name) >= 2 {
		name = name[1 : len(name)-1]
	}
	for _, c := range name {
		if c == '\\' {
			name, err = jsontext.AppendUnquote(nil, v)
			break
		}
	}
	return name, err == nil, err
}

// beginArray reads the '[' of an array; null reports an empty array.
func beginArray(dec *jsontext.Decoder, what string) (ok bool, err error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return false, err
	}
	switch tok.Kind() {
	case 'n':
		return false, nil
	case '[':
		return true, nil
	}
	return false, fmt.Errorf("%s: expected an array, found %s", what, tok.Kind())
}

// moreElements reports whether the current array has another element, and
// otherwise consumes its closing ']'.
func moreElements(dec *jsontext.Decoder) (bool, error) {
	if dec.PeekKind() != ']' {
		return true, nil
	}
	_, err := dec.ReadToken()
	return false, err
}

// readString reads a JSON string (null gives "").
func readString(dec *jsontext.Decoder, what string) (string, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return "", err
	}
	switch v.Kind() {
	case '"':
		return unquote(v)
	case 'n':
		return "", nil
	}
	return "", fmt.Errorf("%s: expected a string, found %s", what, v.Kind())
}

// readFlexString reads a string or a number as text (null gives "").
func readFlexString(dec *jsontext.Decoder, what string) (string, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return "", err
	}
	switch v.Kind() {
	case '"':
		return unquote(v)
	case '0':
		return string(v), nil
	case 'n':
		return "", nil
	}
	return "", fmt.Errorf("%s: expected a string or number, found %s", what, v.Kind())
}

// readFlexInt reads 12, "12", "12.0" or "" (as 0); null gives 0.
func readFlexInt(dec *jsontext.Decoder, what string) (int64, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return 0, err
	}
	var b []byte
	switch v.Kind() {
	case '"':
		b = v[1 : len(v)-1]
	case '0':
		b = v
	case 'n':
		return 0, nil
	default:
		return 0, fmt.Errorf("%s: expected a number, found %s", what, v.Kind())
	}
	// Fast path: plain decimal digits, the only form seen in archives.
	if len(b) > 0 && len(b) < 19 {
		n := int64(0)
		ok := true
		for _, c := range b {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			n = n*10 + int64(c-'0')
		}
		if ok {
			return n, nil
		}
	}
	s := string(b)
	if v.Kind() == '"' {
		if s, err = unquote(v); err != nil {
			return 0, err
		}
	}
	n, err := parseFlexInt(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return n, nil
}

// readIndices reads an [start, end] pair of numbers or numeric strings.
func readIndices(dec *jsontext.Decoder, what string, out *[2]flexInt) error {
	ok, err := beginArray(dec, what)
	for i := 0; ok && err == nil; i++ {
		if ok, err = moreElements(dec); !ok || err != nil {
			break
		}
		var n int64
		if n, err = readFlexInt(dec, what); err == nil && i < 2 {
			out[i] = flexInt(n)
		}
	}
	return err
}
