package journal

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkAppend measures fsynced appends (an intent and an outcome per
// iteration) in the test's temporary directory. It bounds how fast a job
// can go; Mastodon's limits (300 statuses per 3 h) are far below it.
func BenchmarkAppend(b *testing.B) {
	j, err := Open(filepath.Join(b.TempDir(), "acct"), "bench", Options{Kind: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	payload := map[string]string{"text": "a planned post of ordinary length, with a link https://example.org/x"}
	for i := 0; b.Loop(); i++ {
		k := Key(fmt.Sprint("post:", i, ":0"))
		if err := j.Intent(k, payload); err != nil {
			b.Fatal(err)
		}
		if err := j.Succeed(k, map[string]string{"id": "110000000000000001"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(2*b.N)/b.Elapsed().Seconds(), "appends/s")
}

// BenchmarkReplay measures reading a 10,000-key journal, what every Open and
// "fledge status" pays.
func BenchmarkReplay(b *testing.B) {
	var buf bytes.Buffer
	recs := []string{}
	for i := range 10_000 {
		k := fmt.Sprintf("post:%d:0", i)
		recs = append(recs, `{"kind":"intent","key":"`+k+`","data":{"text":"a planned post of ordinary length"}}`,
			`{"kind":"outcome","key":"`+k+`","status":"done","data":{"id":"110000000000000001"}}`)
	}
	buf.WriteString(journalText(b, recs...))
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Replay(bytes.NewReader(data), "bench"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "records/s")
}
