package steps

import (
	"errors"
	"time"
)

// Status is how a step ended.
type Status string

const (
	// Done: the step has nothing left to do.
	Done Status = "done"
	// Left: the step did part of its work and left the rest for a later
	// run (a --max slice, the day's budget, posts that failed and can be
	// retried); running the same migration again continues it.
	Left Status = "left"
	// Failed: the step could not run; the steps after it do not run.
	Failed Status = "failed"
	// Skipped: the step was not run (not chosen now, or an earlier step
	// failed).
	Skipped Status = "skipped"
	// Interrupted: the run was cancelled during or before the step.
	Interrupted Status = "interrupted"
)

// Result is how one step went.
type Result struct {
	Step   Name
	Status Status
	// Left is how much work is left for a later run (posts, follows);
	// 0 when the step does not count it.
	Left int
	// Next is when the server's limit opens again, when a limit is what
	// stopped the step; zero otherwise.
	Next time.Time
	// Err is why the step failed, or for Left what went wrong with part
	// of the work; nil otherwise.
	Err     error
	Seconds float64
}

// Outcome is what a step's run function reports besides its error: how
// much is left, when the server lets it go on, and why it stopped.
type Outcome struct {
	Left   int
	Next   time.Time
	Detail string // why it stopped early, in a few words ("--max 1 reached")
}

// ErrInterrupted is the error of a step stopped by a cancelled run.
var ErrInterrupted = errors.New("interrupted")
