package journal

import (
	"encoding/json"
	"time"
)

// format is the version of the file format written by this package. A reader
// refuses journals with a higher number rather than misreading them.
const format = 1

// maxRecord bounds one line of a journal, newline included. Append refuses
// larger records so that every file this package writes can be read back,
// and the reader refuses longer lines instead of buffering without limit.
const maxRecord = 1 << 20

// Kind names the type of a record.
type Kind string

// The record kinds. doc.go shows an example of each.
const (
	KindHeader   Kind = "header"   // first record: job, kind, version, plan
	KindResume   Kind = "resume"   // a later run opened the journal again
	KindIntent   Kind = "intent"   // about to act on a key
	KindProgress Kind = "progress" // part of an intent is done (e.g. media uploaded)
	KindOutcome  Kind = "outcome"  // the intent succeeded or failed
	KindSkip     Kind = "skip"     // the key will not be acted on
	KindWait     Kind = "wait"     // the job waits for a rate limit until a time
	KindSummary  Kind = "summary"  // the end of a run
)

// Key identifies one planned item of a job, stable across runs, such as
// "follow:@alice@example.social" or "post:1234567890:0".
type Key string

// Status is what the journal knows about a key.
type Status string

// The statuses of a key. An outcome record carries one of StatusDone,
// StatusRetryable or StatusPermanent.
const (
	// StatusNew means the journal has no record of the key.
	StatusNew Status = ""
	// StatusPending means an intent was written without an outcome: the
	// action may or may not have happened and must be reconciled with the
	// server before it is tried again.
	StatusPending   Status = "pending"
	StatusDone      Status = "done"
	StatusRetryable Status = "retryable" // failed; a later run may try again
	StatusPermanent Status = "permanent" // failed; trying again will not help
	StatusSkipped   Status = "skipped"
)

// record is one line of a journal. Fields unused by a kind stay empty and are
// left out of the JSON; the field order is the order a reader sees.
type record struct {
	Seq    int64           `json:"seq"`
	Time   time.Time       `json:"time"`
	Kind   Kind            `json:"kind"`
	Key    Key             `json:"key,omitempty"`
	Status Status          `json:"status,omitempty"`
	Reason string          `json:"reason,omitempty"`
	Until  time.Time       `json:"until,omitzero"`
	Data   json.RawMessage `json:"data,omitempty"`

	// Header and resume records only.
	Format  int    `json:"format,omitempty"`
	Job     string `json:"job,omitempty"`
	JobKind string `json:"job_kind,omitempty"`
	Version string `json:"version,omitempty"`
	Plan    string `json:"plan,omitempty"`
	Planned int    `json:"planned,omitempty"`
	PID     int    `json:"pid,omitempty"`
}

// encode renders r as one journal line, newline included.
func (r *record) encode() ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
