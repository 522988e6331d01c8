//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd || illumos)

package filelock

// Without flock, the lock is an exclusively created file.
func tryLock(path string) (*Lock, error) { return tryExcl(path) }
