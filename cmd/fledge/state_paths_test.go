package main

import (
	"testing"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/journal"
)

// TestStatePathsMatchJournal checks that config.Paths names the file
// internal/journal writes for a job in an account's folder, and that the
// status listing finds it there under the account's key.
func TestStatePathsMatchJournal(t *testing.T) {
	p := config.Paths{State: t.TempDir()}
	const key, job = "alice@example.social", "import-test"
	j, err := journal.Open(p.AccountDir(key), job, journal.Options{Kind: "import", Planned: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := journal.Read(p.Journal(key, job)); err != nil {
		t.Fatalf("journal not at %s: %v", p.Journal(key, job), err)
	}
	jobs, err := journal.List(p.State)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 || jobs[0].Account != key || jobs[0].Job != job || jobs[0].Path != p.Journal(key, job) {
		t.Fatalf("listed %+v, want %s/%s at %s", jobs, key, job, p.Journal(key, job))
	}
}
