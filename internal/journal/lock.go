package journal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
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
