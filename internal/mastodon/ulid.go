package mastodon

import (
	"errors"
	"fmt"
	"time"
)

// GoToSocial's status ids are ULIDs (github.com/ulid/spec): 26 characters
// of Crockford base32, the first 10 a 48-bit Unix time in milliseconds,
// the other 16 random. A backdated status takes its id from scheduled_at,
// and the server compares ids as strings when paging, so a time window
// maps to a min_id/max_id window.

// crockford is the ULID alphabet, in sort order.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const (
	ulidLen     = 26
	ulidTimeLen = 10
	maxULIDMS   = 1<<48 - 1
)

// ErrIDsNotTimes means the server's status ids do not tell when a status
// was created, so statuses cannot be listed by date.
var ErrIDsNotTimes = errors.New("the server's status ids do not encode their creation time")

// IDsAreTimes reports whether status ids are ULIDs that start with the
// creation time (for backdated statuses, the scheduled_at date).
func (p ServerProfile) IDsAreTimes() bool {
	return p.Software == SoftwareGoToSocial
}

// ULIDFloor is the lowest ULID of t's millisecond; times outside the
// ULID range are clamped to it.
func ULIDFloor(t time.Time) string {
	return ulidPrefix(t) + "0000000000000000"
}

// ULIDCeil is the highest ULID of t's millisecond.
func ULIDCeil(t time.Time) string {
	return ulidPrefix(t) + "ZZZZZZZZZZZZZZZZ"
}

func ulidPrefix(t time.Time) string {
	ms := t.UnixMilli()
	if t.Before(time.UnixMilli(0)) {
		ms = 0
	}
	if ms > maxULIDMS || t.After(time.UnixMilli(maxULIDMS)) {
		ms = maxULIDMS
	}
	var b [ulidTimeLen]byte
	for i := ulidTimeLen - 1; i >= 0; i-- {
		b[i] = crockford[ms&31]
		ms >>= 5
	}
	return string(b[:])
}

// ULIDTime returns the time a ULID was made for. Lower-case letters are
// accepted, as the spec's decoders do.
func ULIDTime(id string) (time.Time, error) {
	if len(id) != ulidLen {
		return time.Time{}, fmt.Errorf("ULID %q: %d characters, want %d", id, len(id), ulidLen)
	}
	var ms int64
	for i := range ulidLen {
		d := crockfordValue(id[i])
		if d < 0 {
			return time.Time{}, fmt.Errorf("ULID %q: character %d (%q) is not Crockford base32", id, i+1, id[i])
		}
		if i == 0 && d > 7 {
			// 10 characters hold 50 bits; the time has 48.
			return time.Time{}, fmt.Errorf("ULID %q: time overflows 48 bits", id)
		}
		if i < ulidTimeLen {
			ms = ms<<5 | int64(d)
		}
	}
	return time.UnixMilli(ms).UTC(), nil
}

func crockfordValue(c byte) int {
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	for i := range len(crockford) {
		if crockford[i] == c {
			return i
		}
	}
	return -1
}
