package main

import (
	"fmt"

	"github.com/fledge-cli/fledge/internal/steps"
)

// stepResult is how a step went, from what its run function returned:
// done, left (work for a later run, or a partial failure: exit status 3),
// failed, or interrupted.
func stepResult(out steps.Outcome, err error, interrupted bool) steps.Result {
	res := steps.Result{Left: out.Left, Next: out.Next, Err: err}
	switch code := exitCodeFor(err, interrupted); {
	case code == exitInterrupted:
		res.Status = steps.Interrupted
	case code == exitOK && out.Left == 0:
		res.Status = steps.Done
	case code == exitOK || code == exitPartial:
		res.Status = steps.Left
	default:
		res.Status = steps.Failed
	}
	return res
}

// leftError is a command's final error: err, or when the run left work
// for a later run, a partial error saying how much (exit status 3), as
// fledge migrate and fledge run report a step with work left.
func leftError(what string, out steps.Outcome, err error) error {
	if err != nil || out.Left == 0 {
		return err
	}
	msg := fmt.Sprintf("%d %s left", out.Left, what)
	if out.Detail != "" {
		msg += " (" + out.Detail + ")"
	}
	return &partialError{msg + "; run the same command again to continue"}
}
