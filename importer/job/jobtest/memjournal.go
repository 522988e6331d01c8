package jobtest

import (
	"encoding/json"
	"errors"
	"sync"
)

// ErrDiskFull is what a MemJournal returns for its FailAt-th write.
var ErrDiskFull = errors.New("disk full")

// MemJournal is an in-memory job.Journal, safe for concurrent use.
type MemJournal struct {
	mu       sync.Mutex
	Intents  map[string]int             // intents written, by key
	Outcomes map[string]json.RawMessage // the last outcome, by key
	FailAt   int                        // fail the n-th write (1-based) with ErrDiskFull; 0 never
	Writes   int                        // writes so far, failed ones included
}

// NewMemJournal returns an empty journal that never fails.
func NewMemJournal() *MemJournal {
	return &MemJournal{Intents: map[string]int{}, Outcomes: map[string]json.RawMessage{}}
}

// Outcome returns the last outcome recorded for key.
func (j *MemJournal) Outcome(key string) (json.RawMessage, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	d, ok := j.Outcomes[key]
	return d, ok
}

func (j *MemJournal) write() error {
	j.Writes++
	if j.FailAt > 0 && j.Writes == j.FailAt {
		return ErrDiskFull
	}
	return nil
}

// Intend counts an intent for key.
func (j *MemJournal) Intend(key string, _ json.RawMessage) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write(); err != nil {
		return err
	}
	j.Intents[key]++
	return nil
}

// Record keeps d as key's outcome.
func (j *MemJournal) Record(key string, d json.RawMessage) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write(); err != nil {
		return err
	}
	j.Outcomes[key] = d
	return nil
}
