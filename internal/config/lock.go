package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/fledge-cli/fledge/internal/filelock"
)

// lockWait is how long Save waits for another fledge process that is
// saving the same credentials file; saving takes milliseconds, so a lock
// held longer belongs to a stuck process.
var lockWait = 30 * time.Second

// lockCredentials takes the lock "<path>.lock", waiting up to lockWait,
// and returns the unlock.
func lockCredentials(path string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	l, err := filelock.Acquire(path+".lock", lockWait)
	if errors.Is(err, filelock.ErrHeld) {
		return nil, fmt.Errorf("another fledge process has held %s.lock for %s; if none is running, try again", path, lockWait)
	}
	if err != nil {
		return nil, err
	}
	return func() { _ = l.Unlock() }, nil
}
