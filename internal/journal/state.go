package journal

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Header describes a job, as its journal's first record says.
type Header struct {
	Job     string
	Kind    string    // job kind, e.g. "follow", "import", "undo"
	Version string    // fledge version that created the journal
	Plan    string    // plan fingerprint at creation
	Planned int       // number of planned items at creation (0: not said)
	Created time.Time // time of the header record
}

// Entry is what the journal knows about one key: the latest record wins.
type Entry struct {
	Key      Key
	Status   Status
	Attempts int             // intents written for the key
	Intent   json.RawMessage // payload of the latest intent
	Progress json.RawMessage // latest progress; kept when an attempt fails, so a retry can reuse it
	Result   json.RawMessage // data of the done outcome
	Reason   string          // why the latest attempt failed or the key was skipped
	Seq      int64           // sequence number of the latest record for the key
	Time     time.Time       // time of that record
}

// Counts summarises a journal for display and ETAs.
type Counts struct {
	Planned   int // items in the plan as last recorded; 0 if no run said
	Done      int
	Retryable int
	Permanent int
	Skipped   int
	Pending   int // intents without an outcome, to be reconciled
	Known     int // keys with at least one record
}

// Failed is the number of keys whose latest attempt failed.
func (c Counts) Failed() int { return c.Retryable + c.Permanent }

// Left is the number of items still to act on: planned items not yet
// journalled plus pending and retryable ones.
func (c Counts) Left() int {
	total := max(c.Planned, c.Known)
	return total - c.Done - c.Skipped - c.Permanent
}

// State is a journal replayed: the job's header and the latest status of
// every key. Its memory is proportional to the number of keys, not records.
type State struct {
	Header      Header
	Plan        string // latest plan fingerprint (header or last resume)
	Planned     int    // latest number of planned items
	Runs        int    // runs that wrote to the journal (header + resumes)
	Seq         int64  // sequence number of the last record
	Updated     time.Time
	NextAllowed time.Time // the job may not act before this (rate limit); zero if unknown
	WaitReason  string
	Summary     json.RawMessage // data of the latest summary record
	SummaryAt   time.Time       // when the latest summary record was written
	Finished    bool            // the last record is a summary
	Torn        bool            // an incomplete last line was ignored

	keepData bool
	entries  map[Key]*Entry
}

func newState(keepData bool) *State {
	return &State{keepData: keepData, entries: map[Key]*Entry{}}
}

// check reports why r cannot follow the records already applied, or nil.
// It changes nothing, so a writer can refuse a record before writing it.
func (s *State) check(r *record) error {
	if r.Seq != s.Seq+1 {
		return fmt.Errorf("sequence number %d, expected %d", r.Seq, s.Seq+1)
	}
	if r.Time.IsZero() {
		return fmt.Errorf("record %d has no time", r.Seq)
	}
	if r.Kind == KindHeader {
		if s.Seq != 0 {
			return fmt.Errorf("a second header at record %d", r.Seq)
		}
		if r.Format < 1 || r.Format > format {
			return fmt.Errorf("journal format %d is not supported (this fledge reads format %d); upgrade fledge", r.Format, format)
		}
		return nil
	}
	if s.Seq == 0 {
		return fmt.Errorf("the first record is a %q, not a header", r.Kind)
	}
	switch r.Kind {
	case KindResume, KindSummary:
		return nil
	case KindWait:
		if r.Until.IsZero() {
			return fmt.Errorf("wait record %d has no until time", r.Seq)
		}
		return nil
	case KindIntent, KindProgress, KindOutcome, KindSkip:
		return s.checkKeyed(r)
	}
	return fmt.Errorf("unknown record kind %q", r.Kind)
}

// checkKeyed enforces the life of a key: outcome and progress only inside an
// open intent, and nothing may act on a key again once it is done.
func (s *State) checkKeyed(r *record) error {
	if err := validKey(r.Key); err != nil {
		return fmt.Errorf("%s record %d: %w", r.Kind, r.Seq, err)
	}
	cur := StatusNew
	var last int64
	if e := s.entries[r.Key]; e != nil {
		cur, last = e.Status, e.Seq
	}
	switch r.Kind {
	case KindIntent, KindSkip:
		if cur == StatusDone {
			return fmt.Errorf("%s for %q, which is already done (record %d)", r.Kind, r.Key, last)
		}
	case KindProgress, KindOutcome:
		if cur != StatusPending {
			return fmt.Errorf("%s for %q without an open intent", r.Kind, r.Key)
		}
	}
	if r.Kind == KindOutcome {
		switch r.Status {
		case StatusDone, StatusRetryable, StatusPermanent:
		default:
			return fmt.Errorf("outcome for %q has status %q; want done, retryable or permanent", r.Key, r.Status)
		}
	}
	return nil
}

// apply records r, which check accepted.
func (s *State) apply(r *record) {
	s.Seq = r.Seq
	s.Updated = r.Time
	s.Finished = false
	switch r.Kind {
	case KindHeader:
		s.Header = Header{Job: r.Job, Kind: r.JobKind, Version: r.Version, Plan: r.Plan, Planned: r.Planned, Created: r.Time}
		s.Plan, s.Planned, s.Runs = r.Plan, r.Planned, 1
	case KindResume:
		s.Plan, s.Planned = r.Plan, r.Planned
		s.Runs++
	case KindWait:
		s.NextAllowed, s.WaitReason = r.Until, r.Reason
	case KindSummary:
		s.Summary, s.SummaryAt = s.keep(r.Data), r.Time
		s.Finished = true
	default:
		s.applyKeyed(r)
	}
}

func (s *State) applyKeyed(r *record) {
	e := s.entries[r.Key]
	if e == nil {
		e = &Entry{Key: r.Key}
		s.entries[r.Key] = e
	}
	e.Seq, e.Time = r.Seq, r.Time
	switch r.Kind {
	case KindIntent:
		e.Status = StatusPending
		e.Attempts++
		e.Intent = s.keep(r.Data)
		e.Reason = ""
	case KindProgress:
		e.Progress = s.keep(r.Data)
	case KindOutcome:
		e.Status = r.Status
		e.Reason = r.Reason
		if r.Status == StatusDone {
			e.Result = s.keep(r.Data)
		}
	case KindSkip:
		e.Status = StatusSkipped
		e.Reason = r.Reason
	}
}

func (s *State) keep(data json.RawMessage) json.RawMessage {
	if !s.keepData {
		return nil
	}
	return data
}

// Status returns what the journal knows about k; StatusNew if nothing.
func (s *State) Status(k Key) Status {
	if e := s.entries[k]; e != nil {
		return e.Status
	}
	return StatusNew
}

// Done reports whether k has a done outcome.
func (s *State) Done(k Key) bool { return s.Status(k) == StatusDone }

// Entry returns a copy of what the journal knows about k.
func (s *State) Entry(k Key) (Entry, bool) {
	if e := s.entries[k]; e != nil {
		return *e, true
	}
	return Entry{}, false
}

// Result returns the data of k's done outcome (for example the id of the
// status created), and whether k is done.
func (s *State) Result(k Key) (json.RawMessage, bool) {
	e := s.entries[k]
	if e == nil || e.Status != StatusDone {
		return nil, false
	}
	return e.Result, true
}

// Pending returns the keys with an intent but no outcome, oldest first.
// Before acting on one again, check the server for what the intent did.
func (s *State) Pending() []Key { return s.Keys(StatusPending) }

// Keys returns the keys whose latest status is st, in the order of their
// latest records.
func (s *State) Keys(st Status) []Key {
	var es []*Entry
	for _, e := range s.entries {
		if e.Status == st {
			es = append(es, e)
		}
	}
	slices.SortFunc(es, func(a, b *Entry) int { return cmp.Compare(a.Seq, b.Seq) })
	keys := make([]Key, len(es))
	for i, e := range es {
		keys[i] = e.Key
	}
	return keys
}

// Counts tallies the keys by status.
func (s *State) Counts() Counts {
	c := Counts{Planned: s.Planned, Known: len(s.entries)}
	for _, e := range s.entries {
		switch e.Status {
		case StatusDone:
			c.Done++
		case StatusRetryable:
			c.Retryable++
		case StatusPermanent:
			c.Permanent++
		case StatusSkipped:
			c.Skipped++
		case StatusPending:
			c.Pending++
		}
	}
	return c
}

// clone returns a deep enough copy of s for a caller to keep: entries are
// copied, payloads (never modified in place) are shared.
func (s *State) clone() *State {
	c := *s
	c.entries = make(map[Key]*Entry, len(s.entries))
	for k, e := range s.entries {
		ec := *e
		c.entries[k] = &ec
	}
	return &c
}
