package adapter

import (
	"encoding/json"
	"testing"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/journal"
)

// A follow journal on disk keeps what a re-run needs: done outcomes as
// recorded, a failure as a failed Result with its reason and as
// retryable in the file, an outcome that needed no action (no intent
// before it) as done, and a bare intent as no outcome at all.
func TestFollowJournalOutcomes(t *testing.T) {
	dir := t.TempDir()
	open := func() *journal.Journal {
		j, err := journal.Open(dir, "follow", journal.Options{Kind: "follow"})
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	raw := open()
	j := NewFollowJournal(raw)
	enc := func(r follow.Result) json.RawMessage {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	steps := []error{
		j.Intend("follow:@a@x.example", enc(follow.Result{Handle: "a@x.example"})),
		j.Record("follow:@a@x.example", enc(follow.Result{Handle: "a@x.example", Status: follow.StatusFollowed})),
		j.Intend("follow:@b@x.example", enc(follow.Result{Handle: "b@x.example"})),
		j.Record("follow:@b@x.example", enc(follow.Result{Handle: "b@x.example", Status: follow.StatusFailed, Reason: "500 from the server"})),
		j.Record("follow:@c@x.example", enc(follow.Result{Handle: "c@x.example", Status: follow.StatusNotFound})),
		j.Intend("follow:@d@x.example", enc(follow.Result{Handle: "d@x.example"})),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	raw = open()
	defer raw.Close()
	j = NewFollowJournal(raw)
	for key, want := range map[string]follow.Result{
		"follow:@a@x.example": {Handle: "a@x.example", Status: follow.StatusFollowed},
		"follow:@b@x.example": {Handle: "b@x.example", Status: follow.StatusFailed, Reason: "500 from the server"},
		"follow:@c@x.example": {Handle: "c@x.example", Status: follow.StatusNotFound},
	} {
		d, ok := j.Outcome(key)
		if !ok {
			t.Errorf("%s: no outcome", key)
			continue
		}
		var got follow.Result
		if err := json.Unmarshal(d, &got); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if got.Handle != want.Handle || got.Status != want.Status || got.Reason != want.Reason {
			t.Errorf("%s = %+v, want %+v", key, got, want)
		}
	}
	// The journal file says what the status command and a re-run read.
	for key, want := range map[string]journal.Status{
		"follow:@a@x.example": journal.StatusDone,
		"follow:@b@x.example": journal.StatusRetryable,
		"follow:@c@x.example": journal.StatusDone,
		"follow:@d@x.example": journal.StatusPending,
	} {
		if got := raw.Status(journal.Key(key)); got != want {
			t.Errorf("%s: journal status %q, want %q", key, got, want)
		}
	}
	if d, ok := j.Outcome("follow:@d@x.example"); ok {
		t.Errorf("a bare intent reads as outcome %s", d)
	}
}
