package archivetest

import "time"

// Twitter Circle existed from August 2022 to October 2023.
var (
	circleFrom = day(2022, 8, 30).UnixMilli()
	circleTo   = day(2023, 11, 1).UnixMilli()
)

// audience picks the Circle tweets and the protected periods before the
// tweet files are written, so the tally can count them.
type audience struct {
	circle    map[int32]bool
	protected [][2]int64 // [from, to) in unix seconds; to 0: still protected
}

func (g *gen) planAudience() {
	g.aud = audience{circle: map[int32]bool{}}
	if g.c.Circle > 0 {
		var cands []int32
		for si := range g.p.slots {
			s := &g.p.slots[si]
			if ms := s.ms[s.last()]; s.kind == kPlain && !s.note && ms >= circleFrom && ms < circleTo {
				cands = append(cands, int32(si))
			}
		}
		n := min(g.c.Circle, len(cands))
		for k := range n {
			g.aud.circle[cands[k*len(cands)/n]] = true
		}
	}
	if g.c.Protected && len(g.p.slots) >= 10 {
		at := func(frac int) int64 {
			s := &g.p.slots[len(g.p.slots)*frac/100]
			return s.ms[0] / 1000 // the first version's created_at second
		}
		g.aud.protected = [][2]int64{{at(40), at(55)}, {at(90), 0}}
	}
}

// isProtected reports whether a tweet created at ms falls in a protected
// period, comparing whole seconds as the archive's created_at does.
func (g *gen) isProtected(ms int64) bool {
	sec := ms / 1000
	for _, p := range g.aud.protected {
		if sec >= p[0] && (p[1] == 0 || sec < p[1]) {
			return true
		}
	}
	return false
}

func (g *gen) writeCircle(o *out, l layout) error {
	if len(g.aud.circle) == 0 {
		return nil
	}
	return g.listSlots(o, l.dir, "twitter-circle-tweet", func(add func(any)) {
		for si := range g.p.slots {
			if !g.aud.circle[int32(si)] {
				continue
			}
			s := &g.p.slots[si]
			add(g.record(l, g.compose(s, streamSlot+uint64(si), s.last(), g.prevID(int32(si)))))
		}
	})
}

func (g *gen) writeProtected(o *out, l layout) error {
	if len(g.aud.protected) == 0 {
		return nil
	}
	iso := func(sec int64) string { return time.Unix(sec, 0).UTC().Format("2006-01-02T15:04:05.000Z") }
	return g.listSlots(o, l.dir, "protected-history", func(add func(any)) {
		for _, p := range g.aud.protected {
			add(obj{{"protectedHistory", obj{{"protectedAt", iso(p[0])}, {"action", "Protect"}}}})
			if p[1] != 0 {
				add(obj{{"protectedHistory", obj{{"protectedAt", iso(p[1])}, {"action", "Unprotect"}}}})
			}
		}
	})
}
