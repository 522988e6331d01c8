//go:build unix

package profiles

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestHARPeakRSS writes a ~500 MB capture to a temporary file and reads it
// in a child process (this test binary again), then reports the child's
// peak resident set. Budget: 100 MB. Opt-in, since it writes 500 MB:
//
//	FLEDGE_HAR_RSS=1 go test -run TestHARPeakRSS -v ./matcher/profiles
func TestHARPeakRSS(t *testing.T) {
	if path := os.Getenv("FLEDGE_HAR_RSS_CHILD"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var st ReadStats
		n := 0
		for _, err := range StreamWithStats(f, filepath.Base(path), &st) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		fmt.Printf("HARCHILD %d %s\n", n, st.Summary())
		return
	}
	if os.Getenv("FLEDGE_HAR_RSS") == "" {
		t.Skip("set FLEDGE_HAR_RSS=1 to measure the HAR reader's peak RSS on a 500 MB capture")
	}
	path := filepath.Join(t.TempDir(), "big.har")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	g := newHARGen(f, 5000)
	for p := 0; ; p++ {
		if g.page(p); g.entries%300 == 0 {
			if fi, err := f.Stat(); err == nil && fi.Size() >= 500<<20 {
				break
			}
		}
	}
	if err := g.close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(path)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHARPeakRSS$", "-test.v")
	cmd.Env = append(os.Environ(), "FLEDGE_HAR_RSS_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage on this system")
	}
	peak := int64(ru.Maxrss) << 10 // kilobytes on Linux and the BSDs…
	if runtime.GOOS == "darwin" {
		peak = int64(ru.Maxrss) // …bytes on macOS
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	var summary string
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "HARCHILD "); ok {
			summary = rest
		}
	}
	t.Logf("read %d MB in %v CPU (%.0f MB/s): peak RSS %d MB; %s",
		fi.Size()>>20, cpu.Round(1e6), float64(fi.Size())/1e6/cpu.Seconds(), peak>>20, summary)
	if peak > 100<<20 {
		t.Errorf("peak RSS %d MB, budget 100 MB", peak>>20)
	}
}
