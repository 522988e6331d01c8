package archivetest

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkWrite100k generates the archive the parser's benchmark uses:
// 100,000 era-D tweets in two parts, zipped. Bytes are the tweet files.
func BenchmarkWrite100k(b *testing.B) {
	dir := b.TempDir()
	var exp Expected
	for b.Loop() {
		var err error
		exp, err = Write(filepath.Join(dir, "big.zip"), Options{Era: EraGDPR, Tweets: 100000, Parts: 2, Zip: true, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(exp.TweetsJSONBytes)
	if fi, err := os.Stat(filepath.Join(dir, "big.zip")); err == nil {
		b.ReportMetric(float64(fi.Size())/1e6, "zipMB")
	}
	b.ReportMetric(float64(exp.TweetsJSONBytes)/1e6, "tweetsMB")
}

func BenchmarkWriteEras(b *testing.B) {
	for _, era := range []Era{EraGDPR, EraGDPRSingular, EraGDPR2018, EraGrailbird, EraGrailbirdCSV} {
		b.Run(string(era), func(b *testing.B) {
			dir := b.TempDir()
			var exp Expected
			for b.Loop() {
				var err error
				exp, err = Write(filepath.Join(dir, "a.zip"), Options{Era: era, Tweets: 5000, Parts: 2, Zip: true, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(exp.TweetsJSONBytes)
		})
	}
}
