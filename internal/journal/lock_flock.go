//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd || illumos

package journal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// fileLock is an flock(2) on "<job>.lock". The kernel drops it when the
// process dies, however it dies, so it never goes stale. The file itself
// stays: deleting it on release would let a waiting process lock the
// unlinked inode while a third locks a new file of the same name.
type fileLock struct{ f *os.File }

func lock(path, job string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock job %s: %w", job, err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			b, _ := io.ReadAll(io.LimitReader(f, 32))
			return nil, &LockedError{Job: job, PID: parsePID(b)}
		}
		return nil, fmt.Errorf("lock job %s: %w", job, err)
	}
	// The pid is only for other processes' messages; failing to write it
	// does not weaken the lock.
	if f.Truncate(0) == nil {
		_, _ = f.WriteAt(pidLine(), 0)
	}
	return &fileLock{f: f}, nil
}

// unlock releases the lock by closing the file.
func (l *fileLock) unlock() error { return l.f.Close() }
