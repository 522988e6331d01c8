//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd || illumos

package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockWait is how long Save waits for another fledge process that is
// saving the same credentials file; saving takes milliseconds, so a lock
// held longer belongs to a stuck process.
var lockWait = 30 * time.Second

// lockCredentials takes an flock(2) on "<path>.lock", which the kernel
// drops when the holder exits, however it exits, and returns the unlock.
func lockCredentials(path string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	deadline := time.Now().Add(lockWait)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { _ = f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another fledge process has held %s.lock for %s; if none is running, try again", path, lockWait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
