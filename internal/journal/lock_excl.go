package journal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// exclLock is "<job>.lock" created with O_EXCL, holding the holder's pid,
// for systems without flock (Windows). A process that dies without Close
// leaves it behind; lockExcl treats it as stale when its pid no longer runs.
// It builds everywhere so that its tests run on every platform.
type exclLock struct {
	f    *os.File
	path string
}

// freshLock is how long an empty lock file is taken to belong to a process
// that created it and has not yet written its pid.
const freshLock = 10 * time.Second

func lockExcl(path, job string) (*exclLock, error) {
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			if _, err := f.Write(pidLine()); err != nil {
				f.Close()
				os.Remove(path)
				return nil, fmt.Errorf("lock job %s: %w", job, err)
			}
			return &exclLock{f: f, path: path}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("lock job %s: %w", job, err)
		}
		pid, stale := inspectLock(path)
		if !stale || attempt > 0 {
			return nil, &LockedError{Job: job, PID: pid, Hint: "if it is not, delete " + path}
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("lock job %s: remove stale lock: %w", job, err)
		}
	}
}

// inspectLock reads a lock file and decides whether its holder is gone.
func inspectLock(path string) (pid int, stale bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, errors.Is(err, fs.ErrNotExist)
	}
	pid = parsePID(b)
	if pid == 0 {
		fi, err := os.Stat(path)
		return 0, err == nil && time.Since(fi.ModTime()) > freshLock
	}
	if pid == os.Getpid() {
		return pid, false
	}
	return pid, !processAlive(pid)
}

// unlock closes and deletes the lock file.
func (l *exclLock) unlock() error {
	cerr := l.f.Close()
	if err := os.Remove(l.path); err != nil {
		return err
	}
	return cerr
}
