package journal

import (
	"errors"
	"fmt"

	"github.com/fledge-cli/fledge/internal/filelock"
)

// ErrLocked is matched (errors.Is) by the error Open returns when another
// process, or another Open in this one, holds the job.
var ErrLocked = errors.New("job is already running")

// LockedError says which job is held and, when known, by which process.
type LockedError struct {
	Job  string
	PID  int    // 0 if the holder had not yet written its pid
	Hint string // what to do if the holder is gone, where the lock can go stale
}

func (e *LockedError) Error() string {
	msg := fmt.Sprintf("job %s is already running", e.Job)
	if e.PID > 0 {
		msg += fmt.Sprintf(" (pid %d)", e.PID)
	}
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// lock takes the job's lock file ("<job>.lock") without waiting: a job
// runs in one process at a time, and a second one is told so at once.
func lock(path, job string) (*filelock.Lock, error) {
	l, err := filelock.TryLock(path)
	var he *filelock.HeldError
	if errors.As(err, &he) {
		le := &LockedError{Job: job, PID: he.PID}
		if he.Sticky {
			le.Hint = "if it is not, delete " + path
		}
		return nil, le
	}
	if err != nil {
		return nil, fmt.Errorf("lock job %s: %w", job, err)
	}
	return l, nil
}
