package mock

import (
	"encoding/json"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/importer/job/jobtest"
)

// ErrDiskFull is what Journal returns for its FailAt-th write.
var ErrDiskFull = jobtest.ErrDiskFull

// Journal is the in-memory job.Journal of importer/job/jobtest (which the
// jobs' own in-package tests use, as they cannot import this package),
// with the follow outcome's status at hand.
type Journal struct{ *jobtest.MemJournal }

var _ job.Journal = Journal{}

// NewJournal returns an empty Journal.
func NewJournal() *Journal { return &Journal{jobtest.NewMemJournal()} }

// Status reads the status of the outcome recorded for key ("" if none).
func (j *Journal) Status(key string) follow.Status {
	d, _ := j.Outcome(key)
	var r follow.Result
	_ = json.Unmarshal(d, &r)
	return r.Status
}
