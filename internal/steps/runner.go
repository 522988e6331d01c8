package steps

import (
	"context"
	"time"
)

// Decision is what the Before hook decides about a step.
type Decision int

const (
	// Run the step.
	Run Decision = iota
	// Pass over the step: it is not run and the runner goes on; the hook
	// has said or recorded why.
	Pass
	// Stop the whole run before the step, without failing it.
	Stop
)

// Runner runs the chosen steps in the one order. Its hooks let each
// caller add what differs: fledge migrate asks and previews in Before
// and records each step's end in After; fledge run writes its events.
type Runner struct {
	// Steps are the steps to run, in any order; they run in Order.
	Steps []Name
	// Run runs one step and returns how it went; Status, Left, Next and
	// Err are the step's. The runner sets Step and Seconds.
	Run func(ctx context.Context, s Name) Result
	// Before, if set, is called before each step. An error stops the run
	// and is returned.
	Before func(ctx context.Context, s Name) (Decision, error)
	// After, if set, is called with each step's result, including the
	// results of steps skipped because an earlier one failed or the run
	// was interrupted. An error stops the run and is returned.
	After func(r Result) error
	// Now is the clock for Seconds (default time.Now).
	Now func() time.Time
}

// RunAll runs the steps in order and returns their results. A failed
// step ends the run: the steps after it are reported Skipped. A
// cancelled context ends it too: the step under way and the steps after
// it are reported Interrupted. The error is a hook's, or ErrInterrupted.
func (r *Runner) RunAll(ctx context.Context) ([]Result, error) {
	now := r.Now
	if now == nil {
		now = time.Now
	}
	list := Sort(r.Steps)
	var results []Result
	report := func(res Result) error {
		results = append(results, res)
		if r.After != nil {
			return r.After(res)
		}
		return nil
	}
	// rest reports the steps from i on with status st.
	rest := func(i int, st Status) error {
		for _, s := range list[i:] {
			if err := report(Result{Step: s, Status: st}); err != nil {
				return err
			}
		}
		return nil
	}
	for i, s := range list {
		if ctx.Err() != nil {
			if err := rest(i, Interrupted); err != nil {
				return results, err
			}
			return results, ErrInterrupted
		}
		if r.Before != nil {
			d, err := r.Before(ctx, s)
			if err != nil {
				return results, err
			}
			if d == Pass {
				continue
			}
			if d == Stop {
				return results, nil
			}
		}
		start := now()
		res := r.Run(ctx, s)
		res.Step = s
		res.Seconds = now().Sub(start).Seconds()
		if ctx.Err() != nil && res.Status != Done {
			res.Status = Interrupted
		}
		if err := report(res); err != nil {
			return results, err
		}
		switch res.Status {
		case Interrupted:
			if err := rest(i+1, Interrupted); err != nil {
				return results, err
			}
			return results, ErrInterrupted
		case Failed:
			return results, rest(i+1, Skipped)
		}
	}
	return results, nil
}
