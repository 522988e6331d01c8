package profiles

import (
	"runtime"
	"testing"
)

// BenchmarkStaticSourceMemory is the in-memory alternative the store
// replaces, for comparison: the heap 100k decoded profiles hold.
func BenchmarkStaticSourceMemory(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		before := heapInUse()
		ps := make([]Profile, n)
		for i := range ps {
			ps[i] = benchStoreProfile(i)
		}
		src := NewStaticSource(ps)
		b.ReportMetric(float64(heapInUse()-before)/n, "mem-B/profile")
		runtime.KeepAlive(src)
	}
}
