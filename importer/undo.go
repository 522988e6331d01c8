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
	var r UndoReport
	keys := src.Keys(journal.StatusDone)
	slices.Reverse(keys)
	r.Created = len(keys)
	emit := func(ev ExecEvent) {
		if cfg.OnEvent != nil {
			ev.Total = r.Created
			cfg.OnEvent(ev)
		}
	}
	finish := func(err error) (UndoReport, error) {
		r.Done, r.Left = 0, 0
		for _, k := range keys {
			if j.Done(k) {
				r.Done++
			} else if j.Status(k) != journal.StatusPermanent {
				r.Left++
			}
		}
		if cfg.Pace != nil && r.Left > 0 {
			r.LeftDuration = cfg.Pace(r.Left)
		}
		if ferr := j.Finish(r); ferr != nil && err == nil {
			err = fmt.Errorf("journal: %w", ferr)
		}
		return r, err
	}
	count := 0
	for _, k := range keys {
		if j.Done(k) || j.Status(k) == journal.StatusPermanent {
			continue
		}
		if cfg.Max > 0 && count >= cfg.Max {
			r.Stopped = fmt.Sprintf("--max %d reached", cfg.Max)
			break
		}
		if err := ctx.Err(); err != nil {
			return finish(err)
		}
		raw, _ := src.Result(k)
		var res postResult
		if err := json.Unmarshal(raw, &res); err != nil || res.ID == "" {
			return finish(fmt.Errorf("import journal: outcome of %s has no status id", k))
		}
		// A delete is idempotent (a repeat finds nothing), so an undo
		// intent left pending by a crash is simply tried again.
		if err := j.Intent(k, map[string]string{"status_id": res.ID}); err != nil {
			return finish(fmt.Errorf("journal: %w", err))
		}
		count++
		err := srv.DeleteStatus(ctx, res.ID)
		var rl *job.RateLimited
		switch {
		case err == nil:
			r.Deleted++
		case errors.Is(err, job.ErrNotFound):
			r.Gone++
		case errors.As(err, &rl):
			_ = j.Fail(k, journal.StatusRetryable, err.Error())
			if werr := j.Wait(rl.Until, "rate limited"); werr != nil {
				return finish(fmt.Errorf("journal: %w", werr))
			}
			r.Stopped, r.NextAfter = "rate limited until "+rl.Until.UTC().Format(time.RFC3339), rl.Until
			emit(ExecEvent{Kind: EventWaiting, Key: string(k), Until: rl.Until})
			return finish(nil)
		case errors.Is(err, job.ErrRefused):
			if ferr := j.Fail(k, journal.StatusPermanent, err.Error()); ferr != nil {
				return finish(fmt.Errorf("journal: %w", ferr))
			}
			r.Failed = append(r.Failed, Failure{Key: string(k), Reason: err.Error(), Permanent: true})
			emit(ExecEvent{Kind: EventFailed, Key: string(k), StatusID: res.ID, Reason: err.Error()})
			continue
		default:
			_ = j.Fail(k, journal.StatusRetryable, err.Error())
			if errors.Is(err, job.ErrAuth) || ctx.Err() != nil {
				return finish(err)
			}
			r.Failed = append(r.Failed, Failure{Key: string(k), Reason: err.Error()})
			r.Stopped = "temporary failure: " + err.Error()
			return finish(nil)
		}
		if err := j.Succeed(k, map[string]string{"status_id": res.ID}); err != nil {
			return finish(fmt.Errorf("journal: %w", err))
		}
		emit(ExecEvent{Kind: EventDeleted, Key: string(k), StatusID: res.ID, Done: r.Deleted + r.Gone})
	}
	return finish(nil)
}
