package filelock

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// freshLock is how long an empty lock file is taken to belong to a process
// that created it and has not yet written its pid.
const freshLock = 10 * time.Second

// tryExcl creates path with O_EXCL and writes the pid into it, for systems
// without flock (Windows). A process that dies without Unlock leaves the
// file behind; tryExcl takes it over when its pid no longer runs. It
// builds everywhere so that its tests run on every platform.
func tryExcl(path string) (*Lock, error) {
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			if _, err := f.Write(pidLine()); err != nil {
				f.Close()
				os.Remove(path)
				return nil, fmt.Errorf("lock %s: %w", path, err)
			}
			return &Lock{f: f, path: path, sticky: true}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		pid, stale := inspect(path)
		if !stale || attempt > 0 {
			return nil, &HeldError{Path: path, PID: pid, Sticky: true}
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("lock %s: remove stale lock: %w", path, err)
		}
	}
}

// inspect reads a lock file and decides whether its holder is gone.
func inspect(path string) (pid int, stale bool) {
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
