package matcher

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkVerify5000 verifies 5,000 handles spread over 1,000 simulated
// hosts, each answer delayed 100 ms, then re-runs from the cache. It
// reports the wall time of both runs, the requests of the cached run and
// the largest number of requests any host saw at once.
func BenchmarkVerify5000(b *testing.B) {
	const hosts, perHost = 1000, 5
	f := newFakeFedi(b)
	f.delay = 100 * time.Millisecond
	var cands []Candidate
	for u := range perHost {
		for h := range hosts {
			a := f.add(&fakeAccount{User: fmt.Sprintf("user%d", u), Host: fmt.Sprintf("h%d.example.com", h)})
			cands = append(cands, Candidate{Handle: "@" + a.User + "@" + a.Host})
		}
	}
	for b.Loop() {
		cache, err := OpenCache(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		client := f.client(15 * time.Second)
		start := time.Now()
		v := NewVerifier(VerifyOptions{Client: client, Cache: cache})
		got := v.VerifyAll(context.Background(), cands, "")
		cold := time.Since(start)
		for _, c := range got {
			if c.Status != StatusVerified {
				b.Fatalf("%s: %s", c.Handle, c.Status)
			}
		}

		before := f.requests.Load()
		start = time.Now()
		v2 := NewVerifier(VerifyOptions{Client: client, Cache: cache})
		got = v2.VerifyAll(context.Background(), cands, "")
		warm := time.Since(start)
		if len(got) != len(cands) {
			b.Fatalf("cached run returned %d candidates", len(got))
		}
		b.ReportMetric(cold.Seconds(), "cold-s")
		b.ReportMetric(warm.Seconds(), "cached-s")
		b.ReportMetric(float64(f.requests.Load()-before), "cached-requests")
		b.ReportMetric(float64(v.Stats().Requests), "requests")
		b.ReportMetric(float64(f.maxPeak()), "max-per-host")
	}
}
