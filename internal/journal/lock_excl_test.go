package journal

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "JOURNAL_TEST_CHILD=exit")
	must(t, cmd.Run())
	if cmd.Process == nil {
		t.Fatal("child did not start")
	}
	return cmd.Process.Pid
}

func TestExclLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.lock")
	l, err := lockExcl(path, "j")
	must(t, err)
	if pid := parsePID(readFile(t, path)); pid != os.Getpid() {
		t.Errorf("lock file holds pid %d", pid)
	}
	_, err = lockExcl(path, "j")
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() || !strings.Contains(err.Error(), "if it is not, delete "+path) {
		t.Errorf("second lock = %v", err)
	}
	must(t, l.unlock())
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("unlock left the lock file: %v", err)
	}
	l, err = lockExcl(path, "j")
	must(t, err)
	must(t, l.unlock())
}

func TestExclLockStale(t *testing.T) {
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
			l, err := lockExcl(path, "j")
			if !tt.taken {
				if !errors.Is(err, ErrLocked) {
					t.Fatalf("lock = %v, want ErrLocked", err)
				}
				return
			}
			must(t, err)
			defer l.unlock()
			if pid := parsePID(readFile(t, path)); pid != os.Getpid() {
				t.Errorf("after taking over, the lock holds pid %d", pid)
			}
		})
	}
}
