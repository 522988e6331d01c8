package journal

import (
	"encoding/json"
	"time"
)

// The read side of an open journal: each method answers from the state
// kept up to date by every write, so none of them touches the file.

// Job returns the job name.
func (j *Journal) Job() string { return j.job }

// Path returns the journal's file name.
func (j *Journal) Path() string { return j.path }

// Header returns what the journal's first record says about the job.
func (j *Journal) Header() Header {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.Header
}

// Status returns what the journal knows about k.
func (j *Journal) Status(k Key) Status {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.Status(k)
}

// Done reports whether k has a done outcome: a re-run skips it.
func (j *Journal) Done(k Key) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.Done(k)
}

// Entry returns what the journal knows about k.
func (j *Journal) Entry(k Key) (Entry, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.Entry(k)
}

// Result returns the data of k's done outcome and whether k is done.
func (j *Journal) Result(k Key) (json.RawMessage, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.Result(k)
}

// Pending returns the keys whose intent has no outcome, oldest first: a
// crash came between acting and recording. Reconcile each with the server.
func (j *Journal) Pending() []Key {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.Pending()
}

// Keys returns the keys whose latest status is st, oldest first.
func (j *Journal) Keys(st Status) []Key {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.Keys(st)
}

// Counts tallies the keys by status.
func (j *Journal) Counts() Counts {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.Counts()
}

// NextAllowed returns the time of the latest Wait record; zero if none.
func (j *Journal) NextAllowed() time.Time {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.NextAllowed
}

// State returns a copy of the journal's state.
func (j *Journal) State() *State {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.clone()
}
