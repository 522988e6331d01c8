package follow

import (
	"encoding/json"
	"fmt"
	"time"
)

// Status is the outcome for one account.
type Status string

const (
	StatusFollowed  Status = "followed"
	StatusRequested Status = "requested" // follow request waiting for approval
	StatusAlready   Status = "already"   // already followed (blocked, muted)
	StatusMoved     Status = "moved"     // the account moved; its target was acted on
	StatusNotFound  Status = "not_found"
	StatusFailed    Status = "failed"  // retried on the next run
	StatusSkipped   Status = "skipped" // the user's own account, or one their server cannot follow
	StatusBlocked   Status = "blocked"
	StatusMuted     Status = "muted"
)

// final reports whether a re-run should leave the account alone. Only
// failures are retried.
func (s Status) final() bool { return s != StatusFailed && s != "" }

// Result is one line of a run's report.
type Result struct {
	Handle string `json:"handle"` // user@domain as in the input
	// Account is the account acted on: the move target for StatusMoved.
	Account string `json:"account,omitempty"`
	Status  Status `json:"status"`
	Reason  string `json:"reason,omitempty"`
	// Requested is set for a moved account whose target's follow is
	// still a request.
	Requested bool `json:"requested,omitempty"`
	// Earlier marks a result read back from the journal of an earlier run.
	Earlier bool `json:"earlier,omitempty"`
	// List is the list outcome with --list: "added", "already", "pending"
	// (retried next run: the server wants an accepted follow) or "failed".
	List string `json:"list,omitempty"`
}

// StopReason says why a run ended before every account was handled.
type StopReason string

const (
	StopNone        StopReason = ""
	StopMax         StopReason = "max"          // --max reached
	StopBudget      StopReason = "budget"       // the day's follow budget is spent
	StopCap         StopReason = "follow_cap"   // Mastodon's follow cap
	StopRateLimited StopReason = "rate_limited" // the client gave up waiting
)

// Summary totals a run. Counts are what this run did; accounts an earlier
// run finished are only in Earlier, so a re-run that changes nothing says
// so instead of counting the earlier follows again.
type Summary struct {
	Total   int            `json:"total"`
	Counts  map[Status]int `json:"counts"`
	Earlier int            `json:"earlier"` // done by earlier runs, not in Counts
	Left    int            `json:"left"`    // not handled in this run
	Stop    StopReason     `json:"stop,omitempty"`
	// ResumeAt is when a run stopped by budget or rate limit can go on.
	ResumeAt time.Time `json:"resume_at,omitzero"`
	// Message explains Stop in a sentence.
	Message     string `json:"message,omitempty"`
	ListAdded   int    `json:"list_added,omitempty"`
	ListPending int    `json:"list_pending,omitempty"`
}

// Failed is how many accounts failed in this run (an earlier failure is
// retried, so it is this run's again).
func (s Summary) Failed() int { return s.Counts[StatusFailed] }

func (s *Summary) add(r Result) {
	if s.Counts == nil {
		s.Counts = map[Status]int{}
	}
	if r.Earlier {
		s.Earlier++
	} else {
		s.Counts[r.Status]++
	}
	switch r.List {
	case listAdded:
		s.ListAdded++
	case listPending:
		s.ListPending++
	}
}

// encodeResult and decodeResult are the journal's outcome payload.
func encodeResult(r Result) (json.RawMessage, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode result for %s: %w", r.Handle, err)
	}
	return b, nil
}

func decodeResult(key string, b json.RawMessage) (Result, error) {
	var r Result
	if err := json.Unmarshal(b, &r); err != nil {
		return Result{}, fmt.Errorf("journal entry %s: %w", key, err)
	}
	return r, nil
}
