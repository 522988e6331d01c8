package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestList(t *testing.T) {
	root := filepath.Join(t.TempDir(), "fledge")
	if jobs, err := List(root); err != nil || jobs != nil {
		t.Fatalf("List of a missing root = %v, %v", jobs, err)
	}
	alice := filepath.Join(root, "alice@example.social")
	bob := filepath.Join(root, "bob@gts.example")

	j, err := Open(alice, "follow-1", Options{Kind: "follow", Planned: 4})
	must(t, err)
	must(t, j.Intent("a", nil))
	must(t, j.Succeed("a", nil))
	must(t, j.Intent("b", nil))
	must(t, j.Fail("b", StatusRetryable, "503"))
	until := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	must(t, j.Wait(until, "follows"))
	// Listed while still open: status runs beside a job.

	k, err := Open(bob, "import-1", Options{Kind: "import"})
	must(t, err)
	must(t, k.Skip("x", "retweet"))
	must(t, k.Finish(nil))
	must(t, k.Close())

	must(t, os.WriteFile(filepath.Join(bob, "broken.jsonl"), []byte(lines(journalText(t, `{"kind":"skip","key":"a"}`, `{"kind":"skip","key":"b"}`), 2, "junk")), 0o600))
	must(t, os.WriteFile(filepath.Join(bob, "notes.txt"), []byte("not a journal"), 0o600))
	must(t, os.WriteFile(filepath.Join(root, "stray.jsonl"), nil, 0o600))

	jobs, err := List(root)
	must(t, err)
	if len(jobs) != 3 {
		t.Fatalf("List found %d jobs: %+v", len(jobs), jobs)
	}
	f := jobs[0]
	if f.Account != "alice@example.social" || f.Job != "follow-1" || f.Kind != "follow" || f.Err != nil || f.Finished ||
		!f.NextAllowed.Equal(until) || f.Created.IsZero() || !f.Updated.After(f.Created) {
		t.Errorf("alice's job = %+v", f)
	}
	if want := (Counts{Planned: 4, Done: 1, Retryable: 1, Known: 2}); f.Counts != want || f.Counts.Left() != 3 {
		t.Errorf("alice's counts = %+v, want %+v", f.Counts, want)
	}
	if b := jobs[1]; b.Account != "bob@gts.example" || b.Job != "broken" || !errors.Is(b.Err, ErrCorrupt) {
		t.Errorf("broken job = %+v", b)
	}
	if i := jobs[2]; i.Job != "import-1" || i.Kind != "import" || !i.Finished || i.Counts.Skipped != 1 || i.Err != nil {
		t.Errorf("bob's import = %+v", i)
	}
	// The summary's time: status counts an undo's recorded duration from it.
	if i := jobs[2]; i.SummaryAt.IsZero() || i.SummaryAt.Before(i.Created) || !f.SummaryAt.IsZero() {
		t.Errorf("summary times: bob's import %v (created %v), alice's open job %v", i.SummaryAt, i.Created, f.SummaryAt)
	}
	must(t, j.Close())
}

func TestJobNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "alice@example.social")
	if names, err := JobNames(dir); err != nil || names != nil {
		t.Fatalf("JobNames of a missing dir = %v, %v", names, err)
	}
	must(t, os.MkdirAll(filepath.Join(dir, "sub.jsonl"), 0o700))
	for _, name := range []string{"import-jack.jsonl", "follow-1.jsonl", "notes.txt", "import-jack.jsonl.lock", ".hidden.jsonl"} {
		must(t, os.WriteFile(filepath.Join(dir, name), []byte("not read\n"), 0o600))
	}
	names, err := JobNames(dir)
	must(t, err)
	if got := strings.Join(names, ","); got != "follow-1,import-jack" {
		t.Errorf("JobNames = %q, want follow-1,import-jack", got)
	}
}

func TestJobKind(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "alice@example.social")
	j, err := Open(dir, "import-jack", Options{Kind: "import", Planned: 2})
	must(t, err)
	must(t, j.Skip("a", "retweet"))
	must(t, j.Close())
	must(t, os.WriteFile(filepath.Join(dir, "headless.jsonl"), []byte(`{"seq":1,"kind":"skip","key":"a"}`+"\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "junk.jsonl"), []byte("{nope\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "torn.jsonl"), []byte(`{"seq":1,"kind":"header","job_kind":"import"`), 0o600))
	for job, want := range map[string]string{"import-jack": "import", "headless": "", "junk": "", "torn": "", "missing": ""} {
		if got := JobKind(dir, job); got != want {
			t.Errorf("JobKind(%s) = %q, want %q", job, got, want)
		}
	}
}
