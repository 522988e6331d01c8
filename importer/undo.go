package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/journal"
)

// UndoConfig configures Undo.
type UndoConfig struct {
	Max     int // stop after this many deletions (0: no limit)
	OnEvent func(ExecEvent)
	// Pace, when set, is how long n more deletions take at the server's
	// limits as the client paces them, recorded for `fledge status`.
	Pace func(n int) time.Duration
}

// UndoReport is what an undo run did and what is left.
type UndoReport struct {
	Created   int       `json:"created"` // statuses the import job created
	Deleted   int       `json:"deleted"` // deleted in this run
	Gone      int       `json:"gone"`    // already deleted on the server
	Done      int       `json:"done"`    // handled over all undo runs
	Left      int       `json:"left"`
	Failed    []Failure `json:"failed,omitempty"`
	Stopped   string    `json:"stopped,omitempty"`
	NextAfter time.Time `json:"next_after,omitzero"`
	// LeftDuration is how long the deletions left take at the server's
	// limits (zero when unknown), as ExecReport's.
	LeftDuration time.Duration `json:"left_duration,omitempty"`
}

// Undo deletes every status an import job created, newest first so that
// a thread's replies go before the posts they answer. src is the import
// job's journal, read; j is the undo job's own journal, so an undo can be
// interrupted and resumed like the import. Deletes are paced by the
// client by the server's own limits (30 per 30 min on Mastodon; only the
// request limit on GoToSocial); a status already gone counts as done.
func Undo(ctx context.Context, srv Poster, src *journal.State, j *journal.Journal, cfg UndoConfig) (UndoReport, error) {
	u := &undoRun{keys: src.Keys(journal.StatusDone), j: j, cfg: cfg}
	slices.Reverse(u.keys)
	u.r.Created = len(u.keys)
	count := 0
	for _, k := range u.keys {
		if j.Done(k) || j.Status(k) == journal.StatusPermanent {
			continue
		}
		if cfg.Max > 0 && count >= cfg.Max {
			u.r.Stopped = fmt.Sprintf("--max %d reached", cfg.Max)
			break
		}
		if err := ctx.Err(); err != nil {
			return u.finish(err)
		}
		raw, _ := src.Result(k)
		var res postResult
		if err := json.Unmarshal(raw, &res); err != nil || res.ID == "" {
			return u.finish(fmt.Errorf("import journal: outcome of %s has no status id", k))
		}
		// A delete is idempotent (a repeat finds nothing), so an undo
		// intent left pending by a crash is simply tried again.
		if err := j.Intent(k, map[string]string{"status_id": res.ID}); err != nil {
			return u.finish(fmt.Errorf("journal: %w", err))
		}
		count++
		deleted, stop, err := u.delete(ctx, srv, k, res.ID)
		if stop {
			return u.finish(err)
		}
		if !deleted {
			continue
		}
		if err := j.Succeed(k, map[string]string{"status_id": res.ID}); err != nil {
			return u.finish(fmt.Errorf("journal: %w", err))
		}
		u.emit(ExecEvent{Kind: EventDeleted, Key: string(k), StatusID: res.ID, Done: u.r.Deleted + u.r.Gone})
	}
	return u.finish(nil)
}

// undoRun is one run of Undo: its report so far and where it records.
type undoRun struct {
	r    UndoReport
	keys []journal.Key
	j    *journal.Journal
	cfg  UndoConfig
}

func (u *undoRun) emit(ev ExecEvent) {
	if u.cfg.OnEvent != nil {
		ev.Total = u.r.Created
		u.cfg.OnEvent(ev)
	}
}

// delete deletes one post and sorts the answer: deleted (or already
// gone), a permanent refusal that the run steps over, or a reason to stop
// the run (a rate limit or a temporary failure: err is nil, the report
// says why; a refused token or an interruption: err says so).
func (u *undoRun) delete(ctx context.Context, srv Poster, k journal.Key, id string) (deleted, stop bool, err error) {
	err = srv.DeleteStatus(ctx, id)
	var rl *job.RateLimited
	switch {
	case err == nil:
		u.r.Deleted++
		return true, false, nil
	case errors.Is(err, job.ErrNotFound):
		u.r.Gone++
		return true, false, nil
	case errors.As(err, &rl):
		_ = u.j.Fail(k, journal.StatusRetryable, err.Error())
		if werr := u.j.Wait(rl.Until, "rate limited"); werr != nil {
			return false, true, fmt.Errorf("journal: %w", werr)
		}
		u.r.Stopped, u.r.NextAfter = "rate limited until "+rl.Until.UTC().Format(time.RFC3339), rl.Until
		u.emit(ExecEvent{Kind: EventWaiting, Key: string(k), Until: rl.Until})
		return false, true, nil
	case errors.Is(err, job.ErrRefused):
		if ferr := u.j.Fail(k, journal.StatusPermanent, err.Error()); ferr != nil {
			return false, true, fmt.Errorf("journal: %w", ferr)
		}
		u.r.Failed = append(u.r.Failed, Failure{Key: string(k), Reason: err.Error(), Permanent: true})
		u.emit(ExecEvent{Kind: EventFailed, Key: string(k), StatusID: id, Reason: err.Error()})
		return false, false, nil
	}
	_ = u.j.Fail(k, journal.StatusRetryable, err.Error())
	if errors.Is(err, job.ErrAuth) || ctx.Err() != nil {
		return false, true, err
	}
	u.r.Failed = append(u.r.Failed, Failure{Key: string(k), Reason: err.Error()})
	u.r.Stopped = "temporary failure: " + err.Error()
	return false, true, nil
}

// finish counts what is done and left, records the report in the journal
// and returns it with err.
func (u *undoRun) finish(err error) (UndoReport, error) {
	u.r.Done, u.r.Left = 0, 0
	for _, k := range u.keys {
		if u.j.Done(k) {
			u.r.Done++
		} else if u.j.Status(k) != journal.StatusPermanent {
			u.r.Left++
		}
	}
	if u.cfg.Pace != nil && u.r.Left > 0 {
		u.r.LeftDuration = u.cfg.Pace(u.r.Left)
	}
	if ferr := u.j.Finish(u.r); ferr != nil && err == nil {
		err = fmt.Errorf("journal: %w", ferr)
	}
	return u.r, err
}
