//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd || illumos)

package journal

// Without flock, the job lock is an exclusively created file.
type fileLock = exclLock

func lock(path, job string) (*fileLock, error) { return lockExcl(path, job) }
