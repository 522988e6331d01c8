package matcher

import (
	"testing"
)

// BenchmarkExtract measures extraction over the whole evaluation set, a
// realistic mix of profiles with and without handles. Run it with
// -cpu 1 for the one-core figure; it reports profiles/s.
func BenchmarkExtract(b *testing.B) {
	cases := loadEval(b)
	profiles := make([]*Profile, len(cases))
	for i := range cases {
		profiles[i] = &cases[i].Profile
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, p := range profiles {
			Extract(p)
		}
		n += len(profiles)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "profiles/s")
}

// BenchmarkExtractHostile measures the 10 KB hostile bios one at a time,
// so a quadratic path would show up as a jump against the others.
func BenchmarkExtractHostile(b *testing.B) {
	for name, text := range hostileTexts() {
		b.Run(name, func(b *testing.B) {
			p := &Profile{Description: text}
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Extract(p)
			}
		})
	}
}
