package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/ui"
)

func TestJobETA(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		kind string
		left int
		next time.Time
		want time.Time
		ok   bool
	}{
		// 360 follows a day are used (400 less 10%).
		{"follow", 360, time.Time{}, now.Add(24 * time.Hour), true},
		{"follow", 90, time.Time{}, now.Add(6 * time.Hour), true},
		// 270 posts per 3 h, from the next allowed time.
		{"import", 270, now.Add(time.Hour), now.Add(4 * time.Hour), true},
		{"import", 0, now.Add(time.Hour), now.Add(time.Hour), true},
		// a next time in the past counts from now
		{"undo", 27, now.Add(-time.Hour), now.Add(30 * time.Minute), true},
		{"mute", 270, time.Time{}, now.Add(5 * time.Minute), true},
		{"export", 5, time.Time{}, time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := jobETA(tt.kind, tt.left, now, tt.next)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("jobETA(%s, %d, %v) = %v, %v; want %v, %v", tt.kind, tt.left, tt.next, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStatusOf(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	idle := jobProbe{running: func(journal.JobInfo) bool { return false }}
	busy := jobProbe{running: func(journal.JobInfo) bool { return true }}
	twoAwaiting := jobProbe{awaiting: func(journal.JobInfo) int { return 2 }}
	tests := []struct {
		name  string
		info  journal.JobInfo
		probe jobProbe
		state string
		eta   bool
	}{
		{"all done", journal.JobInfo{Kind: "follow", Counts: journal.Counts{Planned: 3, Done: 2, Skipped: 1, Known: 3}, Finished: true}, jobProbe{}, "done", false},
		{"rate limited", journal.JobInfo{Kind: "import", Counts: journal.Counts{Planned: 10, Done: 2, Known: 2}, NextAllowed: now.Add(time.Hour)}, jobProbe{}, "waiting", true},
		{"slice ended", journal.JobInfo{Kind: "import", Counts: journal.Counts{Planned: 10, Done: 2, Known: 2}, Finished: true}, jobProbe{}, "stopped", true},
		{"running", journal.JobInfo{Kind: "follow", Counts: journal.Counts{Planned: 10, Done: 2, Pending: 1, Known: 3}}, busy, "in progress", true},
		{"killed", journal.JobInfo{Kind: "follow", Counts: journal.Counts{Planned: 10, Done: 2, Pending: 1, Known: 3}}, idle, "interrupted", true},
		// list additions waiting for follow requests to be accepted are
		// not failures
		{"requests", journal.JobInfo{Kind: "follow", Counts: journal.Counts{Planned: 5, Done: 3, Retryable: 2, Known: 5}, Finished: true}, twoAwaiting, "awaiting approval", true},
		{"requests and a failure", journal.JobInfo{Kind: "follow", Counts: journal.Counts{Planned: 5, Done: 2, Retryable: 3, Known: 5}, Finished: true}, twoAwaiting, "stopped", true},
		// a profile job plans up to two images; one sent is done
		{"profile", journal.JobInfo{Kind: "profile", Counts: journal.Counts{Planned: 2, Done: 1, Known: 1}}, idle, "done", false},
		{"profile killed", journal.JobInfo{Kind: "profile", Counts: journal.Counts{Planned: 2, Done: 1, Pending: 1, Known: 2}}, idle, "interrupted", false},
		{"unreadable", journal.JobInfo{Err: errors.New("torn")}, jobProbe{}, "unreadable", false},
	}
	for _, tt := range tests {
		s := statusOf(tt.info, now, tt.probe)
		if s.State != tt.state || s.ETA.IsZero() == tt.eta {
			t.Errorf("%s: state %q eta %v; want %q, eta %v", tt.name, s.State, s.ETA, tt.state, tt.eta)
		}
	}
}

func TestStatusTable(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	lines := []jobStatus{
		statusOf(journal.JobInfo{Account: "alice@example.social", Job: "follow-abc", Kind: "follow", Counts: journal.Counts{Planned: 400, Done: 40, Known: 40}, NextAllowed: now.Add(time.Hour)}, now, jobProbe{}),
		statusOf(journal.JobInfo{Account: "b@x.example", Job: "import-b", Kind: "import", Counts: journal.Counts{Planned: 1, Done: 1, Known: 1}, Finished: true}, now, jobProbe{}),
	}
	var piped bytes.Buffer
	if err := printStatusTable(ui.NewTable(&piped, false), lines, false, now); err != nil {
		t.Fatal(err)
	}
	want := "JOB\tDONE\tLEFT\tFAILED\tNEXT\tETA\tSTATE\n" +
		"follow → alice@example.social\t40\t360\t0\t2026-03-01T13:00:00Z\t2026-03-02T13:00:00Z\twaiting\n" +
		"import → b@x.example\t1\t0\t0\t-\t-\tdone\n"
	if piped.String() != want {
		t.Errorf("piped:\n%s\nwant:\n%s", piped.String(), want)
	}
	var tty bytes.Buffer
	if err := printStatusTable(ui.NewTable(&tty, true), lines, true, now); err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(tty.String()), "\n")
	if strings.Contains(tty.String(), "\t") || len(rows) != 3 {
		t.Fatalf("terminal table not aligned with spaces:\n%s", tty.String())
	}
	// columns count runes ("→" is one column, three bytes)
	col := func(row, cell string) int { return utf8.RuneCountInString(row[:strings.Index(row, cell)]) }
	if col(rows[0], "DONE") != col(rows[1], "40") || col(rows[0], "STATE") != col(rows[2], "done") {
		t.Errorf("columns do not line up:\n%s", tty.String())
	}
}

// An import run's summary carries how long its work left takes at the
// server's limits (media included); status scales it to what is left now
// and prefers it to the default-rate guess.
func TestStatusETAFromSummary(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	// 100 posts left with 300 pictures: the media bucket (27 per 30 min)
	// sets the pace, about 5.6 h, where 100 posts alone would take 1.1 h.
	sum := []byte(`{"planned":120,"left":100,"left_duration":20000000000000}`)
	info := journal.JobInfo{Kind: "import", Counts: journal.Counts{Planned: 120, Done: 70, Known: 70}, Finished: true, Summary: sum}
	s := statusOf(info, now, jobProbe{})
	// 50 left now: half of the recorded duration.
	if want := now.Add(10000 * time.Second); !s.ETA.Equal(want) {
		t.Errorf("eta %v, want %v", s.ETA, want)
	}
	guess, _ := jobETA("import", 50, now, time.Time{})
	if !s.ETA.After(guess) {
		t.Errorf("eta %v is not later than the posts-only guess %v", s.ETA, guess)
	}
	for _, bad := range []string{``, `{}`, `{"left":0,"left_duration":5}`, `{"left":3}`, `not json`} {
		info.Summary = []byte(bad)
		if got, _ := jobETA("import", 50, now, time.Time{}); !statusOf(info, now, jobProbe{}).ETA.Equal(got) {
			t.Errorf("summary %q: eta %v, want the default guess %v", bad, statusOf(info, now, jobProbe{}).ETA, got)
		}
	}
}

// An undo run on GoToSocial records how long its deletions left take at
// that server's request limit; status uses it rather than Mastodon's 27
// deletions per 30 min.
func TestStatusUndoETAFromSummary(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	sum := []byte(`{"created":500,"left":400,"left_duration":300000000000}`) // 400 left: 5 min
	info := journal.JobInfo{Kind: "undo", Counts: journal.Counts{Planned: 500, Done: 100, Known: 100}, Finished: true, Summary: sum}
	if got, want := statusOf(info, now, jobProbe{}).ETA, now.Add(5*time.Minute); !got.Equal(want) {
		t.Errorf("eta %v, want %v", got, want)
	}

	// Stopped by --max at 11:58 with the next deletion allowed at 12:04:
	// the recorded 5 min were measured by the live pacer at 11:58 and
	// already hold the wait, so the work ends at 12:03 — not at 12:09,
	// counting the wait twice.
	at := now.Add(-2 * time.Minute)
	info.SummaryAt, info.NextAllowed = at, now.Add(4*time.Minute)
	if got, want := statusOf(info, now, jobProbe{}).ETA, at.Add(5*time.Minute); !got.Equal(want) {
		t.Errorf("eta %v, want %v (from the summary's time)", got, want)
	}
	// Long after a run that nobody resumed, the work still takes its time
	// from whenever it starts again.
	info.SummaryAt, info.NextAllowed = now.Add(-time.Hour), time.Time{}
	if got, want := statusOf(info, now, jobProbe{}).ETA, now.Add(5*time.Minute); !got.Equal(want) {
		t.Errorf("stale run: eta %v, want %v", got, want)
	}
	info.Summary = nil
	if got, want := statusOf(info, now, jobProbe{}).ETA, now.Add(400*30*time.Minute/27); !got.Equal(want) {
		t.Errorf("without a summary: eta %v, want Mastodon's pace %v", got, want)
	}
}
