package importer

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// An undo that stops with deletions left records how long they take at the
// server's pace, for `fledge status`; a finished one records nothing.
func TestUndoRecordsLeftDuration(t *testing.T) {
	f := newFixture(t, 12, mastotest.Options{}, mastodon.Options{}, nil)
	f.run(t, f.cfg)
	src, err := journal.Read(filepath.Join(f.dir, "import-test.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	cfg := UndoConfig{Max: 5, Pace: func(n int) time.Duration { asked = n; return time.Duration(n) * time.Minute }}
	for range 2 {
		j, err := journal.Open(f.dir, "undo-import-test", journal.Options{Kind: "undo"})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Undo(context.Background(), f.poster(), src, j, cfg)
		j.Close()
		if err != nil {
			t.Fatal(err)
		}
		if rep.Left == 0 || asked != rep.Left || rep.LeftDuration != time.Duration(rep.Left)*time.Minute {
			t.Fatalf("%d left recorded as taking %v (asked for %d)", rep.Left, rep.LeftDuration, asked)
		}
	}
	cfg.Max = 0
	j, err := journal.Open(f.dir, "undo-import-test", journal.Options{Kind: "undo"})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if rep, err := Undo(context.Background(), f.poster(), src, j, cfg); err != nil || rep.Left != 0 || rep.LeftDuration != 0 {
		t.Fatalf("finished undo: %+v, %v", rep, err)
	}
}
