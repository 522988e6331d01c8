package matcher

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// BenchmarkRunOffline measures the pipeline around extraction: source
// lookups, batching, the worker pool and ordered streaming.
func BenchmarkRunOffline(b *testing.B) {
	const n = 10000
	ps, err := ReadProfiles(bytes.NewReader(benchProfilesJSONL(n)), "bench")
	if err != nil {
		b.Fatal(err)
	}
	accts := make([]AccountRef, n)
	for i := range accts {
		accts[i] = AccountRef{ID: fmt.Sprint(i)}
	}
	src := NewStaticSource(ps)
	b.ResetTimer()
	for b.Loop() {
		p := NewPipeline(RunConfig{Accounts: accts, Sources: []ProfileSource{src}})
		for _, err := range p.Run(context.Background()) {
			if err != nil {
				b.Fatal(err)
			}
		}
		if s := p.Summary(); s.Matched != n {
			b.Fatalf("summary %+v", s)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "accounts/s")
}

func BenchmarkWriteJSONL(b *testing.B) {
	ms := sampleMatches()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteJSONL(&buf, ms); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ms)*b.N)/b.Elapsed().Seconds(), "matches/s")
}
