package profiles

import (
	"bytes"
	"fmt"
	"testing"
)

func benchProfilesJSONL(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		if i%2 == 0 {
			fmt.Fprintf(&b, `{"id":%d,"id_str":"%d","screen_name":"user%d","name":"User %d","description":"writing code, toots at https://t.co/abc%d","location":"Berlin","url":"https://t.co/u%d","entities":{"url":{"urls":[{"url":"https://t.co/u%d","expanded_url":"https://example.org","indices":[0,17]}]},"description":{"urls":[{"url":"https://t.co/abc%d","expanded_url":"https://mastodon.social/@user%d","indices":[23,43]}]}},"status":{"id_str":"9","text":"hello world","entities":{"urls":[]}}}`+"\n", i, i, i, i, i, i, i, i, i)
		} else {
			fmt.Fprintf(&b, `{"id":"%d","username":"user%d","name":"User %d","description":"@user%d@hachyderm.io","pinned_tweet":{"id":"7","text":"pinned"}}`+"\n", i, i, i, i)
		}
	}
	return b.Bytes()
}

func BenchmarkReadProfilesJSONL(b *testing.B) {
	data := benchProfilesJSONL(10000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		ps, err := Read(bytes.NewReader(data), "bench")
		if err != nil || len(ps) != 10000 {
			b.Fatal(len(ps), err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "profiles/s")
}
