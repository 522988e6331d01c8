//go:build unix

package importer_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/archivetest"
)

// TestPeakRSSCurve measures the peak resident set of inspect, tweets (the
// sorted JSON lines of `fledge archive tweets`), the dry run and the
// preview on generated zips of 10k, 100k and 300k tweets, each in a child
// process of its own (the test binary run again), read from rusage:
//
//	FLEDGE_RSS=1 go test -run TestPeakRSSCurve -v -timeout 1h ./importer
//
// Archives are generated once into the temp directory and kept. With
// FLEDGE_RSS=huge the hostile archives include the 7.5 GiB whitespace
// member. Budgets: inspect and tweets 100 MB, dry run 200 MB, preview at
// 100k 300 MB, 100 MB on hostile archives.
func TestPeakRSSCurve(t *testing.T) {
	mode := os.Getenv("FLEDGE_RSS")
	if mode == "" {
		t.Skip("set FLEDGE_RSS=1 to measure peak RSS at 10k/100k/300k tweets")
	}
	sizes := []int{10_000, 100_000, 300_000}
	if s := os.Getenv("FLEDGE_RSS_SIZES"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, n)
		}
	}
	budget := map[string]int64{"inspect": 100, "tweets": 100, "dryrun": 200, "preview": 300}
	var table strings.Builder
	fmt.Fprintf(&table, "\n| tweets | inspect | tweets | dry run | preview |\n|---|---|---|---|---|\n")
	for _, n := range sizes {
		path := rssArchive(t, n)
		fmt.Fprintf(&table, "| %d |", n)
		for _, what := range []string{"inspect", "tweets", "dryrun", "preview"} {
			if what == "preview" && n > 100_000 {
				fmt.Fprintf(&table, " – |")
				continue
			}
			mb, d, err := rssChild(t, what, path)
			if err != nil {
				t.Errorf("%s at %d tweets: %v", what, n, err)
			}
			fmt.Fprintf(&table, " %d MB (%.1f s) |", mb, d.Seconds())
			if mb > budget[what] {
				t.Errorf("%s at %d tweets: peak RSS %d MB, budget %d MB", what, n, mb, budget[what])
			}
		}
		table.WriteString("\n")
	}
	t.Log(table.String())
}

// TestPeakRSSHostile measures the same commands on hostile archives: one
// tweet holding a 500 MB string, and 256 MiB (with FLEDGE_RSS=huge also
// 7.5 GiB) of whitespace between two records.
func TestPeakRSSHostile(t *testing.T) {
	mode := os.Getenv("FLEDGE_RSS")
	if mode == "" {
		t.Skip("set FLEDGE_RSS=1 to measure peak RSS on hostile archives")
	}
	dir := t.TempDir()
	cases := []struct {
		name string
		kind archivetest.HostileKind
		n    int64
	}{{"string 500 MB", archivetest.HostileString, 500 << 20}, {"blank 256 MiB", archivetest.HostileBlank, 256 << 20}}
	if mode == "huge" {
		cases = append(cases, struct {
			name string
			kind archivetest.HostileKind
			n    int64
		}{"blank 7.5 GiB", archivetest.HostileBlank, 15 << 29})
	}
	for i, c := range cases {
		p := filepath.Join(dir, fmt.Sprintf("hostile%d.zip", i))
		if err := archivetest.WriteHostile(p, c.kind, c.n); err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(p)
		for _, what := range []string{"inspect", "tweets", "dryrun"} {
			mb, d, err := rssChild(t, what, p)
			t.Logf("%s (zip %d KB) %s: peak RSS %d MB in %.1f s, %v", c.name, st.Size()>>10, what, mb, d.Seconds(), err)
			if mb > 100 {
				t.Errorf("%s %s: peak RSS %d MB, budget 100 MB", c.name, what, mb)
			}
			if c.kind == archivetest.HostileString && (err == nil || !strings.Contains(err.Error(), "is larger than 16 MiB")) {
				t.Errorf("%s %s: error %v, want the record size error", c.name, what, err)
			}
			if c.kind == archivetest.HostileBlank && err != nil {
				t.Errorf("%s %s: %v", c.name, what, err)
			}
		}
	}
}

// rssArchive generates (once) a zip of n tweets in the temp directory.
func rssArchive(t *testing.T, n int) string {
	p := filepath.Join(os.TempDir(), fmt.Sprintf("fledge-rss-%d.zip", n))
	if _, err := os.Stat(p); err == nil {
		return p
	}
	tmp := p + ".tmp"
	if _, err := archivetest.Write(tmp, archivetest.Options{Era: archivetest.EraGDPR, Tweets: n, Parts: max(1, n/50_000), Zip: true, Seed: int64(n)}); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// rssChild runs TestRSSChild in a new process and returns its peak RSS.
func rssChild(t *testing.T, what, path string) (int64, time.Duration, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestRSSChild$")
	cmd.Env = append(os.Environ(), "FLEDGE_RSS_CHILD="+what, "FLEDGE_RSS_ARCHIVE="+path)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if cmd.ProcessState == nil {
		return 0, d, err
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if err != nil {
		msg := out.String()
		if i := strings.Index(msg, "rss child: "); i >= 0 {
			msg = msg[i:]
		}
		err = fmt.Errorf("%v: %s", err, strings.TrimSpace(msg))
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) >> 20, d, err // bytes there
	}
	return int64(ru.Maxrss) >> 10, d, err // kB on Linux and the BSDs
}

// TestRSSChild is the measured process of the RSS tests.
func TestRSSChild(t *testing.T) {
	what, path := os.Getenv("FLEDGE_RSS_CHILD"), os.Getenv("FLEDGE_RSS_ARCHIVE")
	if what == "" {
		t.Skip("run by TestPeakRSSCurve")
	}
	if err := rssWork(what, path); err != nil {
		t.Fatalf("rss child: %v", err)
	}
}

func rssWork(what, path string) error {
	ctx := context.Background()
	a, err := archive.Open(path)
	if err != nil {
		return err
	}
	defer a.Close()
	out := bufio.NewWriter(io.Discard)
	defer out.Flush()
	switch what {
	case "inspect":
		s, err := a.Inspect(ctx)
		if err != nil {
			return err
		}
		return json.NewEncoder(out).Encode(s)
	case "tweets":
		for tw, err := range a.TweetsContext(ctx, archive.TweetOptions{Sorted: true}) {
			if err != nil {
				return err
			}
			b, err := tw.MarshalJSON()
			if err != nil {
				return err
			}
			out.Write(append(b, '\n'))
		}
		return nil
	case "dryrun", "preview":
		return rssDryRun(ctx, a, what == "preview", out)
	}
	return fmt.Errorf("unknown work %q", what)
}
