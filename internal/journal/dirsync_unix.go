//go:build unix

package journal

import "os"

// syncDir makes a new directory entry in dir durable: fsync of a file does
// not cover the name that points to it.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
