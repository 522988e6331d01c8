package mastotest

import (
	"strconv"
	"strings"
	"time"
)

// crockford is the base32 alphabet of ULIDs.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ulidOf writes an id value (milliseconds << 16 | sequence, see idGen) as
// a GoToSocial-style ULID: 10 characters of millisecond timestamp, then
// 16 characters for the 80 "random" bits, which here hold the sequence.
// Real ULIDs have random bits there; a sequence keeps the fake
// reproducible, and ULIDs of one millisecond still sort by creation, as
// the values do, so the string order is the value order.
func ulidOf(v uint64) string {
	var b [26]byte
	ms, seq := v>>16, v&0xffff
	for i := 9; i >= 0; i-- {
		b[i] = crockford[ms&31]
		ms >>= 5
	}
	for i := 25; i >= 10; i-- {
		b[i] = crockford[seq&31]
		seq >>= 5
	}
	return string(b[:])
}

// statusID is the id of a status created at t: a snowflake on Mastodon,
// a ULID on GoToSocial. Backdated statuses take an unused id from their
// date, searching upwards, as GoToSocial does for backfilled ones.
func (s *Server) statusID(t time.Time, backdated bool) string {
	var v uint64
	if backdated {
		v = s.ids.backdatedValue(t)
	} else {
		v = s.ids.nextValue(t)
	}
	if s.opts.gts() {
		return ulidOf(v)
	}
	return strconv.FormatUint(v, 10)
}

// cmpID orders ids: numerically when both are decimal (snowflakes of
// different lengths), otherwise as strings, which is how GoToSocial's
// database orders its ULIDs.
func cmpID(a, b string) int {
	x, okx := parseID(a)
	y, oky := parseID(b)
	switch {
	case !okx || !oky:
		return strings.Compare(a, b)
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
