package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestOpenCreates(t *testing.T) {
	j, dir := openTest(t, Options{Kind: "follow", Version: "0.4.0", Plan: "sha256:aa", Planned: 3})
	path := filepath.Join(dir, "j.jsonl")
	if j.Path() != path || j.Job() != "j" {
		t.Errorf("Path %q Job %q", j.Path(), j.Job())
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600, filepath.Join(dir, "j.lock"): 0o600} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != want {
				t.Errorf("%s has mode %v, want %v", p, got, want)
			}
		}
	}
	h := j.Header()
	if h.Job != "j" || h.Kind != "follow" || h.Version != "0.4.0" || h.Plan != "sha256:aa" || h.Planned != 3 || h.Created.IsZero() {
		t.Errorf("header = %+v", h)
	}
	if c := j.Counts(); c.Planned != 3 || c.Left() != 3 {
		t.Errorf("counts = %+v, left %d", c, c.Left())
	}
	b := readFile(t, path)
	if !bytes.HasPrefix(b, []byte(`{"seq":1,"time":"2026-11-21T09:00:01Z","kind":"header","format":1,"job":"j","job_kind":"follow","version":"0.4.0","plan":"sha256:aa","planned":3,"pid":`)) {
		t.Errorf("header line = %s", b)
	}
}

func TestWriteAndReopen(t *testing.T) {
	j, dir := openTest(t, Options{Planned: 5})
	must(t, j.Intent("follow:@a@x", map[string]string{"acct": "a@x"}))
	if j.Status("follow:@a@x") != StatusPending || !equalKeys(j.Pending(), []Key{"follow:@a@x"}) {
		t.Fatalf("after intent: %s", statusesOf(j.State()))
	}
	must(t, j.Succeed("follow:@a@x", map[string]string{"id": "42"}))
	must(t, j.Intent("post:1:0", nil))
	must(t, j.Progress("post:1:0", []string{"m1", "m2"}))
	must(t, j.Fail("post:1:0", StatusRetryable, "HTTP 503"))
	must(t, j.Intent("post:2:0", json.RawMessage(`{ "pretty" : true }`)))
	must(t, j.Fail("post:2:0", StatusPermanent, "HTTP 422: too long"))
	must(t, j.Skip("post:3:0", "retweet"))
	must(t, j.Intent("post:4:0", nil))
	until := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	must(t, j.Wait(until, "statuses"))
	must(t, j.Finish(map[string]int{"done": 1}))

	if !j.Done("follow:@a@x") || j.Done("post:1:0") {
		t.Error("Done disagrees with what was written")
	}
	if r, ok := j.Result("follow:@a@x"); !ok || string(r) != `{"id":"42"}` {
		t.Errorf("Result = %s %v", r, ok)
	}
	if e, _ := j.Entry("post:1:0"); string(e.Progress) != `["m1","m2"]` || e.Reason != "HTTP 503" {
		t.Errorf("entry = %+v", e)
	}
	want := Counts{Planned: 5, Done: 1, Retryable: 1, Permanent: 1, Skipped: 1, Pending: 1, Known: 5}
	if c := j.Counts(); c != want || c.Left() != 2 || c.Failed() != 2 {
		t.Errorf("Counts = %+v (left %d), want %+v", c, c.Left(), want)
	}
	if !j.NextAllowed().Equal(until) {
		t.Errorf("NextAllowed = %v", j.NextAllowed())
	}
	mem := j.State()
	must(t, j.Close())

	// Everything written is read back exactly.
	disk, err := Read(filepath.Join(dir, "j.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(mem, disk) {
		t.Errorf("state read back differs:\nmemory %+v\ndisk   %+v", mem, disk)
	}
	if !bytes.Contains(readFile(t, filepath.Join(dir, "j.jsonl")), []byte(`"data":{"pretty":true}}`+"\n")) {
		t.Error("raw payload was not compacted onto one line")
	}

	// A second run resumes: done stays done, pending is offered to reconcile.
	j2, err := Open(dir, "j", Options{Kind: "test", Now: fakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	if !j2.Done("follow:@a@x") || !equalKeys(j2.Pending(), []Key{"post:4:0"}) || j2.Status("post:1:0") != StatusRetryable {
		t.Errorf("resumed state: %s", statusesOf(j2.State()))
	}
	st := j2.State()
	if st.Runs != 2 || st.Finished || st.Planned != 5 {
		t.Errorf("resumed: runs %d finished %v planned %d", st.Runs, st.Finished, st.Planned)
	}
	must(t, j2.Intent("post:1:0", nil)) // retry a retryable failure
	must(t, j2.Succeed("post:1:0", "s1"))
	if e, _ := j2.Entry("post:1:0"); e.Attempts != 2 || string(e.Progress) != `["m1","m2"]` {
		t.Errorf("retried entry = %+v", e)
	}
}

func TestRefusedWritesLeaveNoTrace(t *testing.T) {
	j, dir := openTest(t, Options{})
	must(t, j.Intent("a", nil))
	must(t, j.Succeed("a", nil))
	path := filepath.Join(dir, "j.jsonl")
	before := readFile(t, path)
	tests := []struct {
		name  string
		write func() error
		want  string
	}{
		{"intent for a done key", func() error { return j.Intent("a", nil) }, "already done"},
		{"outcome without intent", func() error { return j.Succeed("b", nil) }, "without an open intent"},
		{"progress without intent", func() error { return j.Progress("b", nil) }, "without an open intent"},
		{"skip a done key", func() error { return j.Skip("a", "") }, "already done"},
		{"fail with a non-failure status", func() error { return j.Intent("c", nil) }, ""},
		{"fail with done", func() error { return j.Fail("c", StatusDone, "") }, "want retryable or permanent"},
		{"empty key", func() error { return j.Intent("", nil) }, "empty key"},
		{"invalid UTF-8 key", func() error { return j.Intent("a\xff", nil) }, "not valid UTF-8"},
		{"payload that cannot be encoded", func() error { return j.Intent("d", func() {}) }, "encode intent data"},
		{"record too large", func() error { return j.Intent("e", strings.Repeat("x", maxRecord)) }, "more than the limit"},
	}
	for _, tt := range tests {
		err := tt.write()
		if tt.want == "" {
			must(t, err)
			before = readFile(t, path)
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
		if after := readFile(t, path); !bytes.Equal(before, after) {
			t.Errorf("%s: the file changed", tt.name)
		}
	}
	// The journal still works after refusals.
	must(t, j.Succeed("c", nil))
}

func TestClosedRefusesWrites(t *testing.T) {
	j, _ := openTest(t, Options{})
	must(t, j.Close())
	if err := j.Intent("a", nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Intent after Close = %v, want ErrClosed", err)
	}
	must(t, j.Close()) // twice is harmless
}

func TestResumeChecks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acct")
	j, err := Open(dir, "job", Options{Kind: "follow", Plan: "p1", Planned: 10})
	must(t, err)
	must(t, j.Close())

	_, err = Open(dir, "job", Options{Kind: "import"})
	if err == nil || !strings.Contains(err.Error(), `belongs to a "follow" job, not "import"`) {
		t.Errorf("kind mismatch: %v", err)
	}
	_, err = Open(dir, "job", Options{Kind: "follow", Plan: "p2"})
	var pc *PlanChangedError
	if !errors.As(err, &pc) || !errors.Is(err, ErrPlanChanged) || pc.Old != "p1" || pc.New != "p2" {
		t.Errorf("plan change: %v", err)
	}
	// A refused Open releases the lock and writes nothing.
	j, err = Open(dir, "job", Options{Kind: "follow", Plan: "p2", Planned: 12, AllowPlanChange: true})
	must(t, err)
	st := j.State()
	if st.Plan != "p2" || st.Planned != 12 || st.Header.Plan != "p1" || st.Seq != 2 {
		t.Errorf("after accepted plan change: plan %q planned %d header %+v seq %d", st.Plan, st.Planned, st.Header, st.Seq)
	}
	must(t, j.Close())
	j, err = Open(dir, "job", Options{Kind: "follow"}) // no plan given: keep the last one
	must(t, err)
	if st := j.State(); st.Plan != "p2" || st.Planned != 12 {
		t.Errorf("plan %q planned %d", st.Plan, st.Planned)
	}
	must(t, j.Close())
}

func TestOpenRejectsBadJobNames(t *testing.T) {
	dir := t.TempDir()
	for _, job := range []string{"", "../x", "a/b", `a\b`, "a\nb", ".hidden", "nul"} {
		if _, err := Open(dir, job, Options{}); err == nil {
			t.Errorf("Open(%q) succeeded", job)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("refused names left files: %v", ents)
	}
}

func TestOpenReportsCorruption(t *testing.T) {
	dir := t.TempDir()
	text := lines(journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"b"}`), 2, "{oops")
	must(t, os.WriteFile(filepath.Join(dir, "j.jsonl"), []byte(text), 0o600))
	_, err := Open(dir, "j", Options{})
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Line != 2 || !strings.HasSuffix(ce.File, "j.jsonl") {
		t.Fatalf("Open = %v, want a *CorruptError at line 2", err)
	}
	if got := readFile(t, filepath.Join(dir, "j.jsonl")); string(got) != text {
		t.Error("Open changed a corrupt journal")
	}
	// The refused Open released its lock: a second one fails the same way.
	if _, err := Open(dir, "j", Options{}); !errors.As(err, &ce) {
		t.Fatalf("second Open = %v, want a *CorruptError", err)
	}
	must(t, os.WriteFile(filepath.Join(dir, "j.jsonl"), []byte(journalText(t)), 0o600))
	j, err := Open(dir, "j", Options{})
	must(t, err)
	j.Close()
}
