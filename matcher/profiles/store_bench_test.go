package profiles

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// benchStoreProfile is a profile of the size a saved v1.1 user decodes
// to: a full bio with its t.co link, URL field, location and latest tweet.
func benchStoreProfile(i int) Profile {
	id := strconv.Itoa(1_000_000_000 + i*7919)
	user := fmt.Sprintf("user_%d", i)
	bio := strings.Repeat("open source, coffee, maps. ", 5) + "https://t.co/abcdefghij"
	return Profile{
		ID: id, ScreenName: user, Name: "User " + user + " 🐘", Description: bio, Location: "Berlin, Germany",
		URL: "https://t.co/u" + id[len(id)-9:], Source: SourceFile,
		DescriptionURLs: []URLEntity{{URL: "https://t.co/abcdefghij", ExpandedURL: "https://mastodon.social/@" + user, Start: 135, End: 158}},
		URLURLs:         []URLEntity{{URL: "https://t.co/u" + id[len(id)-9:], ExpandedURL: "https://blog.example/" + user, End: 23}},
		PinnedText:      strings.Repeat("a tweet about trains and birds ", 6),
	}
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkProfileStoreAdd fills a store with 100k profiles and reports
// the bytes each costs on disk and in memory (the index).
func BenchmarkProfileStoreAdd(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		before := heapInUse()
		s, err := NewStore(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if err := s.Add(benchStoreProfile(i)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(heapInUse()-before)/n, "mem-B/profile")
		b.ReportMetric(float64(s.Size())/n, "disk-B/profile")
		s.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "profiles/s")
}

// BenchmarkProfileStoreLookup looks 100k profiles up in batches of 500,
// as the pipeline does, half by id and half by screen name.
func BenchmarkProfileStoreLookup(b *testing.B) {
	const n, batch = 100_000, 500
	s, err := NewStore(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ids := make([]string, n)
	names := make([]string, n)
	for i := range n {
		p := benchStoreProfile(i)
		ids[i], names[i] = p.ID, strings.ToUpper(p.ScreenName)
		if err := s.Add(p); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	for b.Loop() {
		for start := 0; start < n; start += batch {
			half := start + batch/2
			ps, err := s.Lookup(ctx, ids[start:half], names[half:start+batch])
			if err != nil || len(ps) != batch {
				b.Fatalf("%d profiles, %v", len(ps), err)
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "lookups/s")
}
