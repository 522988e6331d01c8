package jobtest

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/fledge-cli/fledge/importer/job"
)

var _ job.Journal = (*MemJournal)(nil)

func TestMemJournalFailsTheNthWrite(t *testing.T) {
	j := NewMemJournal()
	j.FailAt = 2
	if err := j.Intend("a", nil); err != nil {
		t.Fatal(err)
	}
	if err := j.Record("a", json.RawMessage(`{"ok":true}`)); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("second write: %v, want ErrDiskFull", err)
	}
	if _, ok := j.Outcome("a"); ok {
		t.Error("a failed write recorded an outcome")
	}
	if err := j.Record("a", json.RawMessage(`{"ok":true}`)); err != nil {
		t.Fatal(err)
	}
	if d, ok := j.Outcome("a"); !ok || string(d) != `{"ok":true}` || j.Intents["a"] != 1 || j.Writes != 3 {
		t.Errorf("outcome %s %v, intents %d, writes %d", d, ok, j.Intents["a"], j.Writes)
	}
}
