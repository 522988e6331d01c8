//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// SyncDir makes a new or renamed entry in dir durable: fsync of a file
// does not cover the name that points to it. File systems that cannot
// sync a directory (EINVAL, ENOTSUP) are not worth failing a write that
// has already happened.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	err = d.Sync()
	if err == nil || errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EINVAL) {
		return nil
	}
	return err
}
