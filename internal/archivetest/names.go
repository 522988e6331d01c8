package archivetest

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Random streams are keyed so that any tweet can be regenerated on its own
// (the note file and the media folder are written in later passes).
const (
	streamPlan uint64 = iota + 1
	streamUsers
	streamAccount
	streamSocial
	streamExtra
	streamSlot = 1 << 32 // + slot index
)

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

// Invented syllables: names built from them belong to nobody.
var syllables = []string{
	"ka", "lo", "mi", "ren", "tor", "vin", "sa", "bel", "dru", "fen", "gal", "hu",
	"ix", "jo", "ky", "lum", "nor", "ost", "pa", "quin", "rho", "sil", "tam", "ul",
	"vek", "wyn", "zar", "bri", "cas", "del", "emo", "fari", "gro", "hal", "isk",
}

var words = strings.Fields(`the a new old small bright quiet river garden morning evening coffee
 train city north south window paper little great first last today tomorrow weekend
 project release build notes draft idea question answer music photo walk bridge light
 rain snow sun cloud market street book story letter map field stone forest harbour
 finally really maybe still again always never just about around between through
 is was will can should could might reading writing thinking cooking fixing testing
 shipping moving learning playing watching trying found made saw heard lost missed`)

var hashtags = []string{"gardening", "opensource", "rainyday", "cycling", "bookclub",
	"golang", "photography", "weekendvibes", "fediverse", "coffee", "sketchbook"}

// Astral (above U+FFFF) characters, so byte, UTF-16 and code-point offsets differ.
var emoji = []string{"😀", "🐘", "🎉", "🚲", "🌧️", "📚", "🙂", "🔥", "🌱", "🐦"}

var langs = []string{"en", "en", "en", "de", "fr", "nl", "und", "qme", "es"}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func syllableName(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pick(r, syllables))
	}
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// person is another (invented) account: mentioned, replied to, retweeted,
// followed.
type person struct {
	id     string
	screen string
	name   string
}

func makePeople(seed int64, n int) []person {
	r := newRand(seed, streamUsers)
	seen := map[string]bool{}
	ps := make([]person, 0, n)
	for len(ps) < n {
		first, last := syllableName(r, 1+r.IntN(2)), syllableName(r, 2)
		screen := first + "_" + last
		if r.IntN(3) == 0 {
			screen = first + last + strconv.Itoa(r.IntN(100))
		}
		if len(screen) > 15 {
			screen = screen[:15]
		}
		if seen[screen] {
			continue
		}
		seen[screen] = true
		var id uint64
		if r.IntN(3) == 0 {
			id = 1_000_000 + r.Uint64N(900_000_000) // pre-2013 accounts have short ids
		} else {
			id = snowflake(1_300_000_000_000+r.Int64N(480_000_000_000), r.Uint64N(1<<22))
		}
		ps = append(ps, person{id: strconv.FormatUint(id, 10), screen: screen,
			name: capitalize(first) + " " + capitalize(last)})
	}
	return ps
}

// twitterEpochMs is the snowflake epoch (2010-11-04T01:42:54.657Z).
const twitterEpochMs = 1288834974657

func snowflake(unixMs int64, low uint64) uint64 {
	return uint64(unixMs-twitterEpochMs)<<22 | low&(1<<22-1)
}

// tco returns an invented t.co short link.
// otherTco is another t.co link of the same length: each code character
// moved one place on in the alphabet, so it always differs.
func otherTco(u string) string {
	const alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	i := strings.LastIndexByte(u, '/') + 1
	b := []byte(u)
	for k := i; k < len(b); k++ {
		b[k] = alpha[(strings.IndexByte(alpha, b[k])+1)%len(alpha)]
	}
	return string(b)
}

func tco(r *rand.Rand, old bool) string {
	const alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	n, prefix := 10, "https://t.co/"
	if old {
		n, prefix = 8, "http://t.co/"
	}
	b := []byte(prefix)
	for range n {
		b = append(b, alpha[r.IntN(len(alpha))])
	}
	return string(b)
}

// key returns a media key like "FvXa3kLWYAIu8yL" derived from its inputs, so
// the media folder pass can recompute it without the tweet's random stream.
func key(seed int64, id uint64, n int, length int) string {
	const alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
	r := rand.New(rand.NewPCG(uint64(seed)^id, uint64(n)))
	b := make([]byte, length)
	for i := range b {
		b[i] = alpha[r.IntN(len(alpha))]
	}
	return string(b)
}
