package mastotest

import (
	"strconv"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/internal/ulid"
)

// ulidOf writes an id value (milliseconds << 16 | sequence, see idGen) as
// a GoToSocial-style ULID whose "random" part holds the sequence: real
// ULIDs have random bits there, a sequence keeps the fake reproducible,
// and ULIDs of one millisecond still sort by creation, as the values do.
func ulidOf(v uint64) string { return ulid.Make(v>>16, v&0xffff) }

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
