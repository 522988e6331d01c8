package mastotest

import (
	"strconv"
	"strings"
	"time"
)

// idGen hands out Mastodon-style snowflake ids: milliseconds since the Unix
// epoch shifted left 16 bits, plus a sequence. They sort by creation time,
// which is what clients rely on for paging, and are reproducible under an
// injected clock.
type idGen struct {
	last uint64
	used map[uint64]struct{}
}

func newIDGen() *idGen { return &idGen{used: make(map[uint64]struct{})} }

// next returns a fresh id for an object created at t, never smaller than
// any id handed out before (unless backdated).
func (g *idGen) next(t time.Time) string {
	return strconv.FormatUint(g.nextValue(t), 10)
}

func (g *idGen) nextValue(t time.Time) uint64 {
	c := snowflakeBase(t)
	if c <= g.last {
		c = g.last + 1
	}
	for g.taken(c) {
		c++
	}
	g.last = c
	g.used[c] = struct{}{}
	return c
}

// backdatedValue returns an id derived from an earlier time, searching
// upwards for an unused one the way GoToSocial does for backfilled
// statuses.
func (g *idGen) backdatedValue(t time.Time) uint64 {
	c := snowflakeBase(t)
	for g.taken(c) {
		c++
	}
	g.used[c] = struct{}{}
	return c
}

func (g *idGen) taken(c uint64) bool {
	_, ok := g.used[c]
	return ok
}

func snowflakeBase(t time.Time) uint64 {
	ms := t.UnixMilli()
	if ms < 0 {
		ms = 0
	}
	return uint64(ms) << 16
}

// parseID turns a client-supplied id into a number; ok is false for
// anything that is not a plain decimal id.
func parseID(s string) (uint64, bool) {
	if s == "" || strings.TrimSpace(s) != s {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 64)
	return v, err == nil
}

// versionAtLeast compares a dotted version such as "0.18.0" or
// "0.20.0-rc1+git" against major.minor.
func versionAtLeast(v string, major, minor int) bool {
	v = strings.TrimPrefix(v, "v")
	if i := strings.IndexAny(v, "-+ "); i >= 0 {
		v = v[:i]
	}
	parts := strings.Split(v, ".")
	get := func(i int) int {
		if i >= len(parts) {
			return 0
		}
		n, _ := strconv.Atoi(parts[i])
		return n
	}
	if get(0) != major {
		return get(0) > major
	}
	return get(1) >= minor
}
