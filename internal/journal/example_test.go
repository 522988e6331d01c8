package journal_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/internal/journal"
)

// A follow job: each follow is an intent, then an outcome, and a re-run
// skips what is done and reconciles what was left pending.
func Example() {
	dir, _ := os.MkdirTemp("", "journal-example")
	defer os.RemoveAll(dir)
	acct := filepath.Join(dir, "fledge", "alice@example.social")
	clock := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }

	j, err := journal.Open(acct, "follow-1", journal.Options{Kind: "follow", Version: "0.4.0", Planned: 3, Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	j.Intent("follow:@bob@example.org", map[string]string{"acct": "bob@example.org"})
	j.Succeed("follow:@bob@example.org", map[string]string{"account_id": "1099"})
	j.Intent("follow:@carol@example.net", nil)
	j.Fail("follow:@carol@example.net", journal.StatusPermanent, "HTTP 403: account has moved")
	j.Skip("follow:@dave@gone.example", "no such account")
	j.Intent("follow:@erin@example.com", nil) // and then the process dies
	j.Close()

	j, _ = journal.Open(acct, "follow-1", journal.Options{Kind: "follow", Now: now})
	fmt.Println("done:", j.Done("follow:@bob@example.org"), "pending:", j.Pending())
	c := j.Counts()
	fmt.Println("left:", c.Left(), "failed:", c.Failed())
	j.Close()

	f, _ := os.Open(filepath.Join(acct, "follow-1.jsonl"))
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); !strings.Contains(line, `"pid"`) {
			fmt.Println(line)
		}
	}
	// Output:
	// done: true pending: [follow:@erin@example.com]
	// left: 1 failed: 1
	// {"seq":2,"time":"2026-11-21T09:00:02Z","kind":"intent","key":"follow:@bob@example.org","data":{"acct":"bob@example.org"}}
	// {"seq":3,"time":"2026-11-21T09:00:03Z","kind":"outcome","key":"follow:@bob@example.org","status":"done","data":{"account_id":"1099"}}
	// {"seq":4,"time":"2026-11-21T09:00:04Z","kind":"intent","key":"follow:@carol@example.net"}
	// {"seq":5,"time":"2026-11-21T09:00:05Z","kind":"outcome","key":"follow:@carol@example.net","status":"permanent","reason":"HTTP 403: account has moved"}
	// {"seq":6,"time":"2026-11-21T09:00:06Z","kind":"skip","key":"follow:@dave@gone.example","reason":"no such account"}
	// {"seq":7,"time":"2026-11-21T09:00:07Z","kind":"intent","key":"follow:@erin@example.com"}
}
