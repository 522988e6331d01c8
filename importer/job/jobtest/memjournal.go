package jobtest

import (
	"encoding/json"
	"errors"
)

// MemJournal is an in-memory job.Journal.
type MemJournal struct {
	Intents  map[string]int             // intents written, by key
	Outcomes map[string]json.RawMessage // last outcome, by key
	FailAt   int                        // fail the n-th write (1-based); 0 never
	writes   int
}

// NewMemJournal returns an empty journal that never fails.
func NewMemJournal() *MemJournal {
	return &MemJournal{Intents: map[string]int{}, Outcomes: map[string]json.RawMessage{}}
}

// Outcome returns the last outcome recorded for key.
func (j *MemJournal) Outcome(key string) (json.RawMessage, bool) {
	d, ok := j.Outcomes[key]
	return d, ok
}

func (j *MemJournal) write() error {
	j.writes++
	if j.FailAt > 0 && j.writes == j.FailAt {
		return errors.New("disk full")
	}
	return nil
}

// Intend counts an intent for key.
func (j *MemJournal) Intend(key string, _ json.RawMessage) error {
	if err := j.write(); err != nil {
		return err
	}
	j.Intents[key]++
	return nil
}

// Record keeps d as key's outcome.
func (j *MemJournal) Record(key string, d json.RawMessage) error {
	if err := j.write(); err != nil {
		return err
	}
	j.Outcomes[key] = d
	return nil
}
