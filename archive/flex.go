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
	if t, ok := parseRubyDate(s); ok {
		return t, nil
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

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseRubyDate is a fast path for "Thu Mar 05 17:05:22 +0000 2026", the
// form of every tweet's created_at; time.Parse is a noticeable share of
// decoding time otherwise. It takes bytes too, so the decoder can parse
// straight from its buffer. Anything unusual is left to time.Parse.
func parseRubyDate[S ~string | ~[]byte](s S) (time.Time, bool) {
	if len(s) != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[13] != ':' || s[16] != ':' || s[19] != ' ' || s[25] != ' ' {
		return time.Time{}, false
	}
	if i := strings.Index("SunMonTueWedThuFriSat", string(s[:3])); i < 0 || i%3 != 0 {
		return time.Time{}, false
	}
	num := func(p S) int {
		n := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return -1
			}
			n = n*10 + int(p[i]-'0')
		}
		return n
	}
	month := 0
	for i, m := range months {
		if string(s[4:7]) == m {
			month = i + 1
		}
	}
	day, hh, mm, ss, year := num(s[8:10]), num(s[11:13]), num(s[14:16]), num(s[17:19]), num(s[26:30])
	zh, zm := num(s[21:23]), num(s[23:25])
	if month == 0 || day < 1 || day > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 || year < 0 || zh < 0 || zm < 0 || (s[20] != '+' && s[20] != '-') {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hh, mm, ss, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // e.g. Feb 30: let time.Parse report it
	}
	off := time.Duration(zh)*time.Hour + time.Duration(zm)*time.Minute
	if s[20] == '+' {
		t = t.Add(-off)
	} else {
		t = t.Add(off)
	}
	return t, true
}
