package follow

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/journal"
)

// journalKey names an action on an account: "follow:@alice@example.org".
// Accounts are compared case-insensitively, as Mastodon does.
func journalKey(action, handle string) string {
	return action + ":@" + normHandle(handle)
}

// normHandle is user@domain without the leading @, lower-cased.
func normHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

// journalAdapter adapts an open *journal.Journal to job.Journal: outcomes are
// Results; failures are recorded as retryable so a later run tries again.
type journalAdapter struct{ j *journal.Journal }

// NewJournal returns j as the Journal of a follow, block or mute run.
func NewJournal(j *journal.Journal) job.Journal { return journalAdapter{j} }

func (a journalAdapter) Outcome(key string) (json.RawMessage, bool) {
	k := journal.Key(key)
	switch a.j.Status(k) {
	case journal.StatusDone:
		return a.j.Result(k)
	case journal.StatusRetryable, journal.StatusPermanent:
		e, _ := a.j.Entry(k)
		r := Result{Status: StatusFailed, Reason: e.Reason}
		_ = json.Unmarshal(e.Intent, &r) // handle and account, if the intent said
		r.Status, r.Reason = StatusFailed, e.Reason
		b, err := json.Marshal(r)
		return b, err == nil
	}
	return nil, false
}

func (a journalAdapter) Intend(key string, data json.RawMessage) error {
	return a.j.Intent(journal.Key(key), data)
}

// Record writes the outcome, opening an intent first for outcomes that
// needed no action (not found, already followed): the journal wants every
// outcome to answer an intent.
func (a journalAdapter) Record(key string, data json.RawMessage) error {
	k := journal.Key(key)
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("journal record for %s: %w", key, err)
	}
	if a.j.Status(k) != journal.StatusPending {
		if err := a.j.Intent(k, data); err != nil {
			return err
		}
	}
	if r.Status == StatusFailed {
		return a.j.Fail(k, journal.StatusRetryable, r.Reason)
	}
	return a.j.Succeed(k, data)
}
