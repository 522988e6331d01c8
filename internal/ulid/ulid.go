// Package ulid reads and writes ULIDs (github.com/ulid/spec), the status
// ids of GoToSocial: 26 characters of Crockford base32, the first 10 a
// 48-bit Unix time in milliseconds, the other 16 an 80-bit random part.
// Servers compare them as strings, so a time window is an id window. The
// client (internal/mastodon) and the fake server (mastotest) share it.
package ulid

import (
	"errors"
	"fmt"
	"time"
)

// Alphabet is Crockford's base32, in sort order.
const Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const (
	// Len is the length of a ULID.
	Len = 26
	// TimeLen is the length of its time prefix.
	TimeLen = 10
	maxMS   = 1<<48 - 1
)

// Make is the ULID of millisecond ms with rest as its random part (a
// uint64 fills its low 64 of the 80 bits). ms must fit 48 bits.
func Make(ms, rest uint64) string {
	var b [Len]byte
	encode(b[:TimeLen], ms)
	encode(b[TimeLen:], rest)
	return string(b[:])
}

// Floor is the lowest ULID of t's millisecond; times outside the ULID
// range are clamped to it.
func Floor(t time.Time) string { return prefix(t) + "0000000000000000" }

// Ceil is the highest ULID of t's millisecond.
func Ceil(t time.Time) string { return prefix(t) + "ZZZZZZZZZZZZZZZZ" }

func prefix(t time.Time) string {
	ms := t.UnixMilli()
	if t.Before(time.UnixMilli(0)) {
		ms = 0
	}
	if ms > maxMS || t.After(time.UnixMilli(maxMS)) {
		ms = maxMS
	}
	var b [TimeLen]byte
	encode(b[:], uint64(ms))
	return string(b[:])
}

// encode writes v into b in base32, last character least significant.
func encode(b []byte, v uint64) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = Alphabet[v&31]
		v >>= 5
	}
}

// ErrNotULID is wrapped by Time's errors.
var ErrNotULID = errors.New("not a ULID")

// Time returns the time a ULID was made for. Lower-case letters are
// accepted, as the spec's decoders do.
func Time(id string) (time.Time, error) {
	if len(id) != Len {
		return time.Time{}, fmt.Errorf("%w: %q has %d characters, want %d", ErrNotULID, id, len(id), Len)
	}
	var ms int64
	for i := range Len {
		d := value(id[i])
		if d < 0 {
			return time.Time{}, fmt.Errorf("%w: %q: character %d (%q) is not Crockford base32", ErrNotULID, id, i+1, id[i])
		}
		if i == 0 && d > 7 {
			// 10 characters hold 50 bits; the time has 48.
			return time.Time{}, fmt.Errorf("%w: %q: time overflows 48 bits", ErrNotULID, id)
		}
		if i < TimeLen {
			ms = ms<<5 | int64(d)
		}
	}
	return time.UnixMilli(ms).UTC(), nil
}

func value(c byte) int {
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	for i := range len(Alphabet) {
		if Alphabet[i] == c {
			return i
		}
	}
	return -1
}
