package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/filelock"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/ui"
)

// journalProbe reads what statusOf asks from the journal files.
var journalProbe = jobProbe{
	awaiting: func(info journal.JobInfo) int {
		if info.Kind != "follow" {
			return 0
		}
		st, err := journal.Read(info.Path)
		if err != nil {
			return 0
		}
		n := 0
		for _, k := range st.Keys(journal.StatusRetryable) {
			if e, ok := st.Entry(k); ok && follow.AwaitsApproval(e.Reason) {
				n++
			}
		}
		return n
	},
	running: func(info journal.JobInfo) bool {
		// journal.Open holds "<job>.lock" while a job runs; a lock that
		// can be taken means nobody runs it. Without the file, nothing
		// ever ran it here.
		path := strings.TrimSuffix(info.Path, ".jsonl") + ".lock"
		if _, err := os.Stat(path); err != nil {
			return false
		}
		l, err := filelock.TryLock(path)
		if err != nil {
			return errors.Is(err, filelock.ErrHeld)
		}
		_ = l.Unlock()
		return false
	},
}

// printStatusTable writes the jobs aligned for people on a terminal, and
// tab-separated (no padding, times in RFC 3339) for scripts otherwise. A
// job is named by what it does and where (follow → alice@example.social);
// its journal's name, with the hash, is in --json.
func printStatusTable(t *ui.Table, lines []jobStatus, tty bool, now time.Time) error {
	when := func(t time.Time) string {
		switch {
		case t.IsZero():
			return "-"
		case !tty:
			return t.UTC().Format(time.RFC3339)
		case t.Sub(now) < 20*time.Hour:
			return t.Local().Format("Mon 15:04")
		default:
			return t.Local().Format("2006-01-02 15:04")
		}
	}
	t.Row("JOB", "DONE", "LEFT", "FAILED", "NEXT", "ETA", "STATE")
	for _, l := range lines {
		state := l.State
		if l.Awaiting > 0 && state != jobAwaiting {
			state += fmt.Sprintf(" (%d awaiting approval)", l.Awaiting)
		}
		if l.Error != "" {
			state += ": " + l.Error
		}
		t.Row(jobTitle(l), strconv.Itoa(l.Done), strconv.Itoa(l.Left), strconv.Itoa(l.Failed), when(l.NextAllowed), when(l.ETA), state)
	}
	return t.Flush()
}

// jobTitle says what a job does and where: its kind (the journal's name
// when the journal could not be read) and the account.
func jobTitle(l jobStatus) string {
	what := l.Kind
	if what == "" {
		what = l.Job
	}
	return what + " → " + l.Account
}
