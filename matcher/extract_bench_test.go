package matcher

import (
	"fmt"
	"slices"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// BenchmarkExtract measures extraction over the whole evaluation set, a
// realistic mix of profiles with and without handles. Run it with
// -cpu 1 for the one-core figure; it reports profiles/s.
func BenchmarkExtract(b *testing.B) {
	cases := loadEval(b)
	ps := make([]*profiles.Profile, len(cases))
	for i := range cases {
		ps[i] = &cases[i].Profile
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, p := range ps {
			Extract(p)
		}
		n += len(ps)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "profiles/s")
}

// BenchmarkExtractHostile measures each hostile bio at 10 KB and at 80 KB:
// extraction is linear when MB/s stays about the same for both sizes.
func BenchmarkExtractHostile(b *testing.B) {
	for _, size := range []int{10 << 10, 80 << 10} {
		texts := hostileTexts(size)
		names := make([]string, 0, len(texts))
		for name := range texts {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			text := texts[name]
			b.Run(fmt.Sprintf("%s/%dKB", name, size>>10), func(b *testing.B) {
				p := &profiles.Profile{Description: text}
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					Extract(p)
				}
			})
		}
	}
}
