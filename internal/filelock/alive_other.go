//go:build !unix

package filelock

import "os"

// processAlive is best effort: on Windows FindProcess opens the process and
// fails when it does not exist.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
