package filelock

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readPID(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return parsePID(b)
}

// Both kinds of lock, where they exist: the platform's and the exclusive
// file, which builds everywhere.
func lockKinds() map[string]func(string) (*Lock, error) {
	return map[string]func(string) (*Lock, error){"platform": TryLock, "excl": tryExcl}
}

func TestTryLock(t *testing.T) {
	for name, try := range lockKinds() {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "j.lock")
			l, err := try(path)
			must(t, err)
			if pid := readPID(t, path); pid != os.Getpid() {
				t.Errorf("lock file holds pid %d", pid)
			}
			_, err = try(path)
			var he *HeldError
			if !errors.As(err, &he) || !errors.Is(err, ErrHeld) || he.PID != os.Getpid() || he.Path != path {
				t.Fatalf("second lock = %v, want a *HeldError naming %s and this pid", err, path)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the lock file", err)
			}
			must(t, l.Unlock())
			l2, err := try(path)
			must(t, err)
			must(t, l.Unlock()) // a second Unlock of the old lock is harmless
			if _, err := try(path); !errors.Is(err, ErrHeld) {
				t.Fatalf("a stale Unlock freed the new holder's lock: %v", err)
			}
			must(t, l2.Unlock())
		})
	}
}

// Many goroutines race for one lock: never two at once.
func TestTryLockRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.lock")
	var mu sync.Mutex
	var wg sync.WaitGroup
	holders, won := 0, 0
	for range 16 {
		wg.Go(func() {
			l, err := TryLock(path)
			if err != nil {
				if !errors.Is(err, ErrHeld) {
					t.Error(err)
				}
				return
			}
			mu.Lock()
			holders++
			won++
			if holders > 1 {
				t.Error("two holders at once")
			}
			mu.Unlock()
			mu.Lock()
			holders--
			mu.Unlock()
			if err := l.Unlock(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if won == 0 {
		t.Error("nobody got the lock")
	}
}

func TestAcquireTimesOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.yaml.lock")
	l, err := TryLock(path)
	must(t, err)
	_, err = Acquire(path, 30*time.Millisecond)
	if !errors.Is(err, ErrHeld) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Acquire = %v, want ErrHeld naming %s", err, path)
	}
	must(t, l.Unlock())
	l, err = Acquire(path, 0)
	must(t, err)
	must(t, l.Unlock())
}

// Acquire waits for a holder that lets go: the holder unlocks during
// Acquire's first wait.
func TestAcquireWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.lock")
	l, err := TryLock(path)
	must(t, err)
	waits := 0
	sleep = func(time.Duration) {
		if waits++; waits == 1 {
			must(t, l.Unlock())
		}
	}
	defer func() { sleep = time.Sleep }()
	l2, err := Acquire(path, time.Minute)
	must(t, err)
	must(t, l2.Unlock())
	if waits != 1 {
		t.Errorf("Acquire waited %d times, want 1", waits)
	}
}

func TestLockMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "j.lock")
	for name, try := range lockKinds() {
		_, err := try(path)
		if err == nil || errors.Is(err, ErrHeld) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: err = %v, want a plain error naming %s", name, err, path)
		}
	}
}

// TestLockAcrossProcesses holds the lock in a child process.
func TestLockAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.lock")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FILELOCK_TEST_HOLD="+path)
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
	_, err = TryLock(path)
	var he *HeldError
	if !errors.As(err, &he) || he.PID != cmd.Process.Pid {
		t.Fatalf("TryLock while the child holds it = %v, want a *HeldError with pid %d", err, cmd.Process.Pid)
	}
	stdin.Close()
	must(t, cmd.Wait())
	l, err := TryLock(path)
	must(t, err)
	must(t, l.Unlock())
}

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	must(t, cmd.Run())
	if cmd.Process == nil {
		t.Fatal("child did not start")
	}
	return cmd.Process.Pid
}

func TestExclUnlockDeletes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.lock")
	l, err := tryExcl(path)
	must(t, err)
	must(t, l.Unlock())
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("unlock left the lock file: %v", err)
	}
}

func TestExclStale(t *testing.T) {
	old := time.Now().Add(-time.Minute)
	tests := []struct {
		name    string
		content string
		mtime   time.Time
		taken   bool
	}{
		{"holder died", strconv.Itoa(deadPID(t)), time.Now(), true},
		{"holder alive", strconv.Itoa(os.Getppid()), time.Now(), false},
		{"pid not yet written", "", time.Now(), false},
		{"pid never written", "", old, true},
		{"garbage, old", "not a pid", old, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "j.lock")
			must(t, os.WriteFile(path, []byte(tt.content), 0o600))
			must(t, os.Chtimes(path, tt.mtime, tt.mtime))
			l, err := tryExcl(path)
			if !tt.taken {
				var he *HeldError
				if !errors.As(err, &he) || !he.Sticky {
					t.Fatalf("lock = %v, want a sticky *HeldError", err)
				}
				return
			}
			must(t, err)
			defer l.Unlock()
			if pid := readPID(t, path); pid != os.Getpid() {
				t.Errorf("after taking over, the lock holds pid %d", pid)
			}
		})
	}
}
