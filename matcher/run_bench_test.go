package matcher

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// benchProfiles are profiles like those the profiles package's reading
// benchmark decodes: half v1.1 users with t.co links in bio and URL field
// and a latest tweet, half v2 users with a handle in the bio and a pinned
// tweet.
func benchProfiles(n int) []profiles.Profile {
	ps := make([]profiles.Profile, n)
	for i := range ps {
		id, user := fmt.Sprint(i), fmt.Sprintf("user%d", i)
		if i%2 == 1 {
			ps[i] = profiles.Profile{ID: id, ScreenName: user, Name: "User " + id, Description: "@" + user + "@hachyderm.io",
				PinnedText: "pinned", Source: profiles.SourceFile}
			continue
		}
		tco := "https://t.co/abc" + id
		ps[i] = profiles.Profile{ID: id, ScreenName: user, Name: "User " + id, Description: "writing code, toots at " + tco,
			Location: "Berlin", URL: "https://t.co/u" + id, PinnedText: "hello world", Source: profiles.SourceFile,
			DescriptionURLs: []profiles.URLEntity{{URL: tco, ExpandedURL: "https://mastodon.social/@" + user}},
			URLURLs:         []profiles.URLEntity{{URL: "https://t.co/u" + id, ExpandedURL: "https://example.org"}}}
	}
	return ps
}

// BenchmarkRunOffline measures the pipeline around extraction: source
// lookups, batching, the worker pool and ordered streaming.
func BenchmarkRunOffline(b *testing.B) {
	const n = 10000
	ps := benchProfiles(n)
	accts := make([]profiles.AccountRef, n)
	for i := range accts {
		accts[i] = profiles.AccountRef{ID: fmt.Sprint(i)}
	}
	src := profiles.NewStaticSource(ps)
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
