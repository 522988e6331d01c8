package journal

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestSecondOpenRefused(t *testing.T) {
	j, dir := openTest(t, Options{})
	_, err := Open(dir, "j", Options{Kind: "test"})
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want a *LockedError", err)
	}
	want := fmt.Sprintf("job j is already running (pid %d)", os.Getpid())
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start with %q", err, want)
	}
	// Another job of the same account is independent.
	other, err := Open(dir, "k", Options{Kind: "test"})
	must(t, err)
	must(t, other.Close())

	must(t, j.Close())
	again, err := Open(dir, "j", Options{Kind: "test"})
	must(t, err)
	must(t, again.Close())
}

// TestConcurrentOpens races many Opens of one job: exactly one wins at a
// time, and every loser gets a *LockedError.
func TestConcurrentOpens(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for range 16 {
		wg.Go(func() {
			j, err := Open(dir, "j", Options{Kind: "test"})
			if err != nil {
				if !errors.Is(err, ErrLocked) {
					t.Error(err)
				}
				return
			}
			mu.Lock()
			won++
			mu.Unlock()
			// Hold it while writing, then let go.
			if err := j.Skip(Key(fmt.Sprint("k", won)), ""); err != nil {
				t.Error(err)
			}
			j.Close()
		})
	}
	wg.Wait()
	st, err := Read(filepath.Join(dir, "j.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if won == 0 || st.Runs != won {
		t.Errorf("%d opens won, journal shows %d runs", won, st.Runs)
	}
}

// TestLockAcrossProcesses holds the job in a child process.
func TestLockAcrossProcesses(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "JOURNAL_TEST_CHILD=hold", "JOURNAL_TEST_DIR="+dir)
	stdin, err := cmd.StdinPipe()
	must(t, err)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	cmd.Stderr = os.Stderr
	must(t, cmd.Start())
	defer cmd.Process.Kill()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("child said %q, %v", line, err)
	}
	_, err = Open(dir, "j", Options{Kind: "test"})
	var le *LockedError
	if !errors.As(err, &le) || le.PID != cmd.Process.Pid {
		t.Fatalf("Open while the child holds the job = %v, want a *LockedError with pid %d", err, cmd.Process.Pid)
	}
	stdin.Close()
	must(t, cmd.Wait())
	j, err := Open(dir, "j", Options{Kind: "test"})
	must(t, err)
	must(t, j.Close())
}
