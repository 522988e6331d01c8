package adapter

import (
	"encoding/json"
	"fmt"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/journal"
)

// followJournal adapts an open *journal.Journal to job.Journal for a
// follow, block or mute run: outcomes are follow.Results; failures are
// recorded as retryable so a later run tries again.
type followJournal struct{ j *journal.Journal }

// NewFollowJournal returns j as the journal of a follow, block or mute run.
func NewFollowJournal(j *journal.Journal) job.Journal { return followJournal{j} }

func (a followJournal) Outcome(key string) (json.RawMessage, bool) {
	k := journal.Key(key)
	switch a.j.Status(k) {
	case journal.StatusDone:
		return a.j.Result(k)
	case journal.StatusRetryable, journal.StatusPermanent:
		e, _ := a.j.Entry(k)
		r := follow.Result{Status: follow.StatusFailed, Reason: e.Reason}
		_ = json.Unmarshal(e.Intent, &r) // handle and account, if the intent said
		r.Status, r.Reason = follow.StatusFailed, e.Reason
		b, err := json.Marshal(r)
		return b, err == nil
	}
	return nil, false
}

func (a followJournal) Intend(key string, data json.RawMessage) error {
	return a.j.Intent(journal.Key(key), data)
}

// Record writes the outcome, opening an intent first for outcomes that
// needed no action (not found, already followed): the journal wants every
// outcome to answer an intent.
func (a followJournal) Record(key string, data json.RawMessage) error {
	k := journal.Key(key)
	var r follow.Result
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("journal record for %s: %w", key, err)
	}
	if a.j.Status(k) != journal.StatusPending {
		if err := a.j.Intent(k, data); err != nil {
			return err
		}
	}
	if r.Status == follow.StatusFailed {
		return a.j.Fail(k, journal.StatusRetryable, r.Reason)
	}
	return a.j.Succeed(k, data)
}
