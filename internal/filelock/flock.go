//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd || illumos

package filelock

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

func tryLock(path string) (*Lock, error) { return tryFlock(path) }

// tryFlock takes a non-blocking flock(2) on path.
func tryFlock(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
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
			return nil, &HeldError{Path: path, PID: parsePID(b)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// The pid is only for other processes' messages; failing to write it
	// does not weaken the lock.
	if f.Truncate(0) == nil {
		_, _ = f.WriteAt(pidLine(), 0)
	}
	return &Lock{f: f, path: path}, nil
}
