package mock

import (
	"encoding/json"
	"errors"
	"sync"

	"github.com/fledge-cli/fledge/importer"
)

// ErrDiskFull is what Journal returns for its FailAt-th write.
var ErrDiskFull = errors.New("disk full")

// Journal is an in-memory importer.Journal that can fail on demand.
type Journal struct {
	mu       sync.Mutex
	Intents  map[string]int             // intents written, by key
	Outcomes map[string]json.RawMessage // the last outcome, by key
	FailAt   int                        // fail the n-th write (1-based) with ErrDiskFull; 0 never
	Writes   int                        // writes so far, failed ones included
}

var _ importer.Journal = (*Journal)(nil)

// NewJournal returns an empty Journal.
func NewJournal() *Journal {
	return &Journal{Intents: map[string]int{}, Outcomes: map[string]json.RawMessage{}}
}

func (j *Journal) Outcome(key string) (json.RawMessage, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	d, ok := j.Outcomes[key]
	return d, ok
}

func (j *Journal) write() error {
	j.Writes++
	if j.FailAt > 0 && j.Writes == j.FailAt {
		return ErrDiskFull
	}
	return nil
}

func (j *Journal) Intend(key string, _ json.RawMessage) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write(); err != nil {
		return err
	}
	j.Intents[key]++
	return nil
}

func (j *Journal) Record(key string, d json.RawMessage) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.write(); err != nil {
		return err
	}
	j.Outcomes[key] = d
	return nil
}

// Status reads the status of the outcome recorded for key ("" if none).
func (j *Journal) Status(key string) importer.Status {
	j.mu.Lock()
	defer j.mu.Unlock()
	var r importer.Result
	_ = json.Unmarshal(j.Outcomes[key], &r)
	return r.Status
}
