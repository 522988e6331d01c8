package filelock

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// ErrHeld is matched (errors.Is) by the error TryLock and Acquire return
// when another process, or another lock in this one, holds the file.
var ErrHeld = errors.New("lock is held")

// HeldError says which lock file is held and, when known, by which process.
type HeldError struct {
	Path string
	PID  int // 0 if the holder had not yet written its pid
	// Sticky is true where the lock is a plain file (no flock): if its
	// holder is gone yet its pid was reused, deleting Path frees it.
	Sticky bool
}

func (e *HeldError) Error() string {
	msg := e.Path + " is held by another process"
	if e.PID > 0 {
		msg += fmt.Sprintf(" (pid %d)", e.PID)
	}
	return msg
}

// Is makes errors.Is(err, ErrHeld) true.
func (e *HeldError) Is(target error) bool { return target == ErrHeld }

// Lock is a held lock; Unlock releases it.
type Lock struct {
	f      *os.File
	path   string
	sticky bool // the file is deleted on release
}

// TryLock takes the lock on path, creating the file, or fails at once with
// a *HeldError if someone holds it.
func TryLock(path string) (*Lock, error) { return tryLock(path) }

// pollEvery is how often Acquire tries again; sleep is replaced by tests.
const pollEvery = 10 * time.Millisecond

var sleep = time.Sleep

// Acquire waits up to wait for the lock on path. When time runs out it
// returns the last *HeldError.
func Acquire(path string, wait time.Duration) (*Lock, error) {
	deadline := time.Now().Add(wait)
	for {
		l, err := tryLock(path)
		if err == nil || !errors.Is(err, ErrHeld) || time.Now().After(deadline) {
			return l, err
		}
		sleep(pollEvery)
	}
}

// Unlock releases the lock: it closes the file and, where the file is the
// lock, deletes it. A second Unlock does nothing, so it can never delete a
// lock file that another process has taken since.
func (l *Lock) Unlock() error {
	if l.f == nil {
		return nil
	}
	cerr := l.f.Close()
	l.f = nil
	if l.sticky {
		if err := os.Remove(l.path); err != nil {
			return err
		}
	}
	return cerr
}

// pidLine is what a lock file holds: the holder's pid, for the message the
// next process shows.
func pidLine() []byte { return []byte(strconv.Itoa(os.Getpid()) + "\n") }

// parsePID reads a lock file's content; 0 if it holds no pid.
func parsePID(b []byte) int {
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
