package archivetest

import (
	"path/filepath"
	"reflect"
	"testing"
)

var fuzzEras = []Era{EraGDPR, EraGDPRSingular, EraGDPR2018, EraGrailbird, EraGrailbirdCSV}

// FuzzWrite varies options and seeds; whatever they are, the archive must be
// valid, and the independent recount must agree with Expected.
func FuzzWrite(f *testing.F) {
	f.Add(uint8(0), uint8(40), uint8(2), int64(1), uint16(0))
	f.Add(uint8(1), uint8(0), uint8(3), int64(-7), uint16(0x00ff))
	f.Add(uint8(2), uint8(1), uint8(1), int64(99), uint16(0x0f0f))
	f.Add(uint8(3), uint8(25), uint8(1), int64(5), uint16(0xffff))
	f.Add(uint8(4), uint8(60), uint8(1), int64(123456789), uint16(0x1234))
	f.Fuzz(func(t *testing.T, era, tweets, parts uint8, seed int64, flags uint16) {
		bit := func(n uint) bool { return flags&(1<<n) != 0 }
		opt := Options{
			Era:               fuzzEras[int(era)%len(fuzzEras)],
			Tweets:            int(tweets%80) - 1, // -1 means none
			Parts:             1 + int(parts%4),
			Seed:              seed,
			Zip:               bit(0),
			ExtraTopFolder:    bit(1),
			BraceStyle:        bit(2),
			EscapeAstral:      bit(3),
			NoManifest:        bit(4),
			MissingMedia:      int(flags>>12) % 4,
			AltText:           bit(5),
			TrailingSemicolon: bit(6),
			TrailingNewline:   bit(7),
			BOM:               bit(8),
			Following:         int(flags>>9)%3 - 1,
		}
		if bit(9) {
			opt.CSVLayout = 9
		}
		if bit(10) {
			opt.Circle, opt.Protected = 1+int(tweets%3), true
		}
		p := filepath.Join(t.TempDir(), "a")
		exp, err := Write(p, opt)
		if err != nil {
			t.Fatalf("Write(%+v): %v", opt, err)
		}
		got := recount(t, readAll(t, p, opt.Zip), opt)
		fillSocial(&got, exp, opt.Era)
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("options %+v\ngenerator: %s\nrecount:   %s", opt, brief(exp), brief(got))
		}
	})
}
