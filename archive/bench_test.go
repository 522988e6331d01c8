package archive_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/archivetest"
)

// benchArchive generates the 100,000-tweet era-D archive (two part files,
// notes, media, edit chains) once per test binary run, as a folder and as
// a zip. It goes to a temporary directory that TestMain removes, or to
// $FLEDGE_ARCHIVE_BENCH_DIR, which is kept and reused across runs.
var bench struct {
	tmp      string
	once     sync.Once
	dir, zip string
	exp      archivetest.Expected
	err      error
}

func benchArchive(b *testing.B) (dir, zip string, exp archivetest.Expected) {
	b.Helper()
	bench.once.Do(func() {
		tmp := os.Getenv("FLEDGE_ARCHIVE_BENCH_DIR")
		if tmp == "" {
			if tmp, bench.err = os.MkdirTemp("", "fledge-archive-bench-"); bench.err != nil {
				return
			}
			bench.tmp = tmp
		}
		opt := archivetest.Options{Era: archivetest.EraGDPR, Tweets: 100_000, Parts: 2, Seed: 1}
		bench.dir = filepath.Join(tmp, "dir")
		bench.zip = filepath.Join(tmp, "archive.zip")
		expFile := filepath.Join(tmp, "expected.json")
		if b, err := os.ReadFile(expFile); err == nil && bench.tmp == "" {
			// Reused from an earlier run (the generator is deterministic).
			bench.err = json.Unmarshal(b, &bench.exp)
			return
		}
		if bench.exp, bench.err = archivetest.Write(bench.dir, opt); bench.err != nil {
			return
		}
		opt.Zip = true
		if _, bench.err = archivetest.Write(bench.zip, opt); bench.err != nil {
			return
		}
		b, err := json.Marshal(bench.exp)
		if err != nil {
			bench.err = err
			return
		}
		bench.err = os.WriteFile(expFile, b, 0o644)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.dir, bench.zip, bench.exp
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.tmp != "" {
		os.RemoveAll(bench.tmp)
	}
	os.Exit(code)
}

func benchTweets(b *testing.B, path string, exp archivetest.Expected) {
	a, err := archive.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	b.SetBytes(exp.TweetsJSONBytes)
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b, exp.TweetsJSONBytes)()
	for b.Loop() {
		n := 0
		for _, err := range a.Tweets(archive.TweetOptions{ExcludeCommunity: true}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != exp.Total {
			b.Fatalf("got %d tweets, want %d", n, exp.Total)
		}
	}
}

// BenchmarkTweetsDir measures parsing alone: tweets JSON bytes per second
// from the extracted folder, in archive order.
func BenchmarkTweetsDir(b *testing.B) {
	dir, _, exp := benchArchive(b)
	benchTweets(b, dir, exp)
}

// BenchmarkTweetsZip adds inflating the zip members.
func BenchmarkTweetsZip(b *testing.B) {
	_, zip, exp := benchArchive(b)
	benchTweets(b, zip, exp)
}

// BenchmarkTweetsSorted measures oldest-first iteration through the spool.
func BenchmarkTweetsSorted(b *testing.B) {
	dir, _, exp := benchArchive(b)
	a, err := archive.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	b.SetBytes(exp.TweetsJSONBytes)
	b.ReportAllocs()
	defer reportCPU(b, exp.TweetsJSONBytes)()
	for b.Loop() {
		for _, err := range a.Tweets(archive.TweetOptions{Sorted: true}) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkInspectZip is the whole `archive inspect` pass over the zip.
func BenchmarkInspectZip(b *testing.B) {
	_, zip, exp := benchArchive(b)
	a, err := archive.Open(zip)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	b.SetBytes(exp.TweetsJSONBytes)
	b.ReportAllocs()
	defer reportCPU(b, exp.TweetsJSONBytes)()
	for b.Loop() {
		s, err := a.Inspect(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if want := summaryOf(exp); s != want {
			b.Fatalf("summary\n got %+v\nwant %+v", s, want)
		}
	}
}

// reportCPU adds a "cpu-MB/s" metric: bytes per second of CPU time used by
// the process (all threads, GC included). On a shared, overloaded machine
// wall-clock MB/s mostly measures the neighbours; CPU time does not.
func reportCPU(b *testing.B, bytes int64) func() {
	start := cpuTime()
	return func() {
		if d := cpuTime() - start; d > 0 {
			b.ReportMetric(float64(bytes)*float64(b.N)/d.Seconds()/1e6, "cpu-MB/s")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
