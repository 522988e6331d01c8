package archive

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// flexString accepts a JSON string or a JSON number and keeps its text.
// GDPR archives write every number as a string while Grailbird writes ids
// as numbers above 2^53, so ids must never pass through float64.
type flexString string

func (f *flexString) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	switch v.Kind() {
	case '"':
		s, err := unquote(v)
		if err != nil {
			return err
		}
		*f = flexString(s)
	case '0':
		*f = flexString(v)
	case 'n':
		*f = ""
	default:
		return fmt.Errorf("expected a string or number, found %s", v.Kind())
	}
	return nil
}

// flexInt accepts 12, "12", "12.0" and "" (as 0).
type flexInt int64

func (f *flexInt) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	var s string
	switch v.Kind() {
	case '"':
		if s, err = unquote(v); err != nil {
			return err
		}
	case '0':
		s = string(v)
	case 'n':
		*f = 0
		return nil
	default:
		return fmt.Errorf("expected a number, found %s", v.Kind())
	}
	n, err := parseFlexInt(s)
	if err != nil {
		return err
	}
	*f = flexInt(n)
	return nil
}

func parseFlexInt(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != x || x > 1<<62 || x < -(1<<62) {
		return 0, fmt.Errorf("invalid number %q", truncate(s, 30))
	}
	return int64(x), nil
}

// unquote decodes a JSON string value, taking the fast path when it has no
// escapes (which is the case for every number-as-string in an archive).
func unquote(v jsontext.Value) (string, error) {
	if len(v) >= 2 && strings.IndexByte(string(v[1:len(v)-1]), '\\') < 0 {
		return string(v[1 : len(v)-1]), nil
	}
	b, err := jsontext.AppendUnquote(nil, v)
	return string(b), err
}

// Date layouts seen in archives (docs §6.2).
const (
	grailbirdLayout = "2006-01-02 15:04:05 -0700"
)

// parseDate understands every date form found in archives: RubyDate, ISO
// 8601 with or without milliseconds, Grailbird's "2006-01-02 15:04:05 -0700"
// and epoch milliseconds or seconds as a decimal string.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if isDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("invalid epoch date %q", s)
		}
		// Epoch seconds stay below 10^11 until the year 5138; milliseconds
		// are above it for anything after 1973.
		if n >= 1e11 {
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Unix(n, 0).UTC(), nil
	}
	for _, layout := range [...]string{time.RubyDate, time.RFC3339Nano, grailbirdLayout, "2006-01-02T15:04:05.000-0700", time.UnixDate} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q", truncate(s, 40))
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
