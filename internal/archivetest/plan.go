package archivetest

import (
	"math/rand/v2"
	"sort"
	"time"
)

// eraSpec fixes the account's timeline for one era.
type eraSpec struct {
	start, end time.Time
	// split, when set, puts the newest quarter of the tweets after it so
	// era-D features (edits from 2022-10, notes from 2023-03) have room.
	split     time.Time
	generated time.Time
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var (
	photosFrom = day(2011, 8, 1).UnixMilli()
	videosFrom = day(2015, 1, 1).UnixMilli()
	editsFrom  = day(2022, 10, 1)
	notesFrom  = day(2023, 3, 1)
)

func specFor(c config) eraSpec {
	sp := eraSpec{start: day(2009, 3, 2)}
	switch c.Era {
	case EraGrailbird:
		sp.end, sp.generated = day(2018, 12, 20), time.Date(2019, 1, 14, 11, 27, 30, 0, time.UTC)
	case EraGrailbirdCSV:
		sp.end, sp.generated = day(2018, 12, 20), time.Date(2019, 1, 14, 11, 27, 30, 0, time.UTC)
		if c.CSVLayout == 9 {
			sp.end, sp.generated = day(2012, 12, 10), time.Date(2012, 12, 19, 9, 12, 44, 0, time.UTC)
		}
	case EraGDPR2018:
		sp.end, sp.generated = day(2019, 7, 30), time.Date(2019, 8, 14, 8, 2, 47, 670e6, time.UTC)
	case EraGDPRSingular:
		sp.end, sp.generated = day(2022, 4, 20), time.Date(2022, 4, 29, 17, 40, 12, 52e6, time.UTC)
	default:
		sp.split, sp.end = notesFrom, day(2026, 3, 1)
		sp.generated = time.Date(2026, 3, 6, 13, 15, 31, 187e6, time.UTC)
	}
	return sp
}

type kind uint8

const (
	kPlain   kind = iota
	kReply        // reply to someone else's tweet
	kMention      // starts with @someone, no in_reply_to_status_id
	kSelf         // reply to the account's previous tweet (thread)
	kRT
	kQuote
)

type mediaKind uint8

const (
	mNone mediaKind = iota
	mPhoto
	mVideo
	mGIF
)

// slot is one logical own tweet: the versions of its edit chain, what kind
// of tweet it is and where its records go. Text is not stored; it is
// regenerated from the slot's random stream when needed.
type slot struct {
	ids        [3]uint64
	ms         [3]int64 // creation time of each version, unix ms
	nver       uint8
	kind       kind
	media      mediaKind
	nmedia     uint8
	note       bool
	part       uint8
	mediaStart int32 // index of the first media item over all slots
}

func (s *slot) last() int { return int(s.nver) - 1 }

type dupAt struct {
	pos  int // position in the part after which the copy is written
	slot int32
}

type plan struct {
	slots []slot
	parts [][]int32 // slot indices per part, in file order
	dups  [][]dupAt // per part, sorted by pos
	media int       // total media items
}

func idFor(ms int64, low uint64) uint64 {
	if ms < twitterEpochMs {
		// Pre-snowflake ids were short and sequential; one tweet per second
		// at most in our timelines, so seconds keep them unique and ordered.
		return 1_000_000_000 + uint64(ms/1000-1_230_000_000)*20
	}
	return snowflake(ms, low&(1<<20-1))
}

func makePlan(c config, sp eraSpec) *plan {
	r := newRand(c.Seed, streamPlan)
	n := c.Tweets
	p := &plan{slots: make([]slot, n)}
	nEarly, early, late := n, sp.end.Sub(sp.start), time.Duration(0)
	if !sp.split.IsZero() {
		nEarly, early, late = n-n/4, sp.split.Sub(sp.start), sp.end.Sub(sp.split)
	}
	for i := range p.slots {
		s := &p.slots[i]
		segStart, step := sp.start.UnixMilli(), early.Milliseconds()/int64(max(nEarly, 1))
		j := int64(i)
		if i >= nEarly {
			segStart, step, j = sp.split.UnixMilli(), late.Milliseconds()/int64(n-nEarly), int64(i-nEarly)
		}
		t := segStart + step*j + r.Int64N(max(step/3, 1))
		t = t/1000*1000 + 100 + r.Int64N(900) // ms part 100..999 leaves room for notes
		s.ms[0], s.nver = t, 1
		s.ids[0] = idFor(t, r.Uint64N(1<<20))
		// Version spacing for edit chains, well inside the gap to the next tweet.
		d := min(max(step/8, 1000), 14*60*1000)
		s.ms[1] = t + d/2 + r.Int64N(d/2+1)
		s.ms[2] = s.ms[1] + d/2 + r.Int64N(d/2+1)

		x := r.IntN(100)
		switch {
		case x < 14:
			s.kind = kRT
		case x < 23:
			s.kind = kReply
		case x < 28:
			s.kind = kMention
		case x < 38 && i > 0:
			s.kind = kSelf
		case x < 46:
			s.kind = kQuote
		}
		chance := 18
		if s.kind == kRT {
			chance = 8
		}
		// Native photos arrived in 2011, GIFs in 2014, long videos in 2015.
		if s.kind != kQuote && c.Era != EraGrailbirdCSV && t >= photosFrom && r.IntN(100) < chance {
			s.media, s.nmedia = mPhoto, 1
			switch y := r.IntN(100); {
			case y < 15 && t >= videosFrom:
				s.media = mVideo
			case y < 25 && t >= videosFrom:
				s.media = mGIF
			case y < 45 && c.Era != EraGrailbird:
				s.nmedia = uint8(2 + r.IntN(3))
			}
		}
	}

	noteOK := func(s *slot) bool {
		return s.media == mNone && (s.kind == kPlain || s.kind == kReply || s.kind == kSelf) &&
			s.ms[0] >= notesFrom.UnixMilli()
	}
	choose(r, p.slots, c.Notes, noteOK, func(s *slot) { s.note = true })
	editOK := func(s *slot) bool {
		return !s.note && s.media == mNone && s.kind != kRT && s.kind != kSelf &&
			s.ms[0] >= editsFrom.UnixMilli()
	}
	choose(r, p.slots, c.EditChains, editOK, func(s *slot) {
		s.nver = uint8(2 + r.IntN(2))
		for k := 1; k < int(s.nver); k++ {
			s.ids[k] = idFor(s.ms[k], r.Uint64N(1<<20))
		}
	})
	for i := range p.slots {
		p.slots[i].mediaStart = int32(p.media)
		p.media += int(p.slots[i].nmedia)
	}
	p.order(r, c)
	return p
}

// choose marks exactly min(k, eligible) slots, uniformly (selection sampling).
func choose(r *rand.Rand, slots []slot, k int, ok func(*slot) bool, mark func(*slot)) {
	eligible := 0
	for i := range slots {
		if ok(&slots[i]) {
			eligible++
		}
	}
	for i := range slots {
		if k == 0 {
			return
		}
		if !ok(&slots[i]) {
			continue
		}
		if r.IntN(eligible) < k {
			mark(&slots[i])
			k--
		}
		eligible--
	}
}

// order lays the records out like real exports: roughly newest first, a few
// neighbours swapped, parts interleaving blocks of time rather than holding
// one period each, and duplicated records in another part.
func (p *plan) order(r *rand.Rand, c config) {
	n := len(p.slots)
	seq := make([]int32, n)
	for k := range seq {
		seq[k] = int32(n - 1 - k)
	}
	for k := 0; k+1 < n; k += 2 {
		if r.IntN(100) < 3 {
			seq[k], seq[k+1] = seq[k+1], seq[k]
		}
	}
	p.parts = make([][]int32, c.Parts)
	p.dups = make([][]dupAt, c.Parts)
	block := max(1, (n+c.Parts*3-1)/(c.Parts*3))
	for k, si := range seq {
		part := (k / block) % c.Parts
		p.slots[si].part = uint8(part)
		p.parts[part] = append(p.parts[part], si)
	}
	left, eligible := min(c.Duplicates, n), n
	for i := range p.slots {
		if left == 0 {
			break
		}
		if r.IntN(eligible) < left {
			q := (int(p.slots[i].part) + 1) % c.Parts
			p.dups[q] = append(p.dups[q], dupAt{pos: r.IntN(max(len(p.parts[q]), 1)), slot: int32(i)})
			left--
		}
		eligible--
	}
	for q := range p.dups {
		sort.Slice(p.dups[q], func(a, b int) bool { return p.dups[q][a].pos < p.dups[q][b].pos })
	}
}
