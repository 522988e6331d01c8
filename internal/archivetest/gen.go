package archivetest

import (
	"strconv"
	"time"
)

// gen holds everything shared while writing one archive.
type gen struct {
	c      config
	sp     eraSpec
	p      *plan
	people []person
	acct   account
	exp    Expected
	ids    []uint64 // surviving own tweet ids
	files  []dataFile
	aud    audience
}

// account is the archive owner, invented from the seed.
type account struct {
	id, username, display, oldName string
	createdMs                      int64
	bio, location                  string
}

func newGen(c config) *gen {
	g := &gen{c: c, sp: specFor(c)}
	g.people = makePeople(c.Seed, 300)
	r := newRand(c.Seed, streamAccount)
	first, last := syllableName(r, 2), syllableName(r, 2)
	g.acct = account{
		id:        strconv.FormatUint(18_000_000+r.Uint64N(4_000_000), 10),
		username:  first + "_" + last[:min(len(last), 6)],
		oldName:   first + strconv.Itoa(10+r.IntN(89)),
		display:   capitalize(first) + " " + capitalize(last) + " 🐘",
		createdMs: time.Date(2009, 2, 10+r.IntN(15), r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC).UnixMilli() + 103,
		bio:       "Writes about " + pick(r, words) + " & " + pick(r, words) + ". Moving to the fediverse.",
		location:  capitalize(syllableName(r, 2)),
	}
	g.p = makePlan(c, g.sp)
	g.exp = Expected{AccountID: g.acct.id, Username: g.acct.username, DisplayName: g.acct.display}
	return g
}

// isMissing reports whether media item g of the archive is left out of the
// media folder: MissingMedia items spread evenly over all items.
func (g *gen) isMissing(item int) bool {
	k, m := g.c.MissingMedia, g.p.media
	if k <= 0 || m == 0 {
		return false
	}
	k = min(k, m)
	return (item+1)*k/m > item*k/m
}

func rubyDate(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("Mon Jan 02 15:04:05 +0000 2006")
}

func isoMillis(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

func grailDate(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	if t.Year() < 2014 {
		return t.Format(time.RubyDate)
	}
	return t.Format("2006-01-02 15:04:05 +0000")
}

func u64(v uint64) string { return strconv.FormatUint(v, 10) }
func itoa(v int) string   { return strconv.Itoa(v) }
