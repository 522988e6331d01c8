package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// crashChild plays a job that never finishes: it reconciles what an earlier
// run left pending, then works through keys item:0, item:1, … with an
// intent, sometimes progress, and an outcome for each, retrying retryable
// failures. After every write returns it prints the record's sequence
// number: from then on the record must survive a SIGKILL.
func crashChild(dir, seed string) int {
	n, _ := strconv.ParseUint(seed, 10, 64)
	rng := rand.New(rand.NewPCG(n, 7))
	j, err := Open(dir, "j", Options{Kind: "crash"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ack := func(err error) {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		j.mu.Lock()
		seq := j.st.Seq
		j.mu.Unlock()
		os.Stdout.WriteString(strconv.FormatInt(seq, 10) + "\n")
	}
	for _, k := range j.Pending() {
		ack(j.Succeed(k, "reconciled"))
	}
	for i := 0; i < 1_000_000; i++ {
		k := Key(fmt.Sprint("item:", i))
		switch j.Status(k) {
		case StatusDone, StatusPermanent:
			continue
		}
		// Payloads up to 12 KB make some writes span pages, so a kill can
		// land in the middle of one.
		ack(j.Intent(k, strings.Repeat("p", rng.IntN(12_000))))
		if rng.IntN(3) == 0 {
			ack(j.Progress(k, []string{"m1", "m2"}))
		}
		switch r := rng.IntN(20); {
		case r < 16:
			ack(j.Succeed(k, map[string]int{"id": i}))
		case r < 19:
			ack(j.Fail(k, StatusRetryable, "HTTP 503"))
		default:
			ack(j.Fail(k, StatusPermanent, "HTTP 404"))
		}
	}
	return 0
}

// TestCrashResume kills a writing child at random moments, 20 times, and
// checks after each kill that the journal is readable, holds every
// acknowledged record, kept its earlier bytes, and obeys its invariants.
func TestCrashResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 20 processes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "j.jsonl")
	rng := rand.New(rand.NewPCG(20261121, 5))
	var kept []byte // the whole records after the previous kill
	torn := 0
	for run := range 20 {
		acked := runAndKill(t, dir, run, rng)
		b := readFile(t, path)
		st, valid, err := replay(bytes.NewReader(b), path, true)
		if err != nil {
			t.Fatalf("run %d: journal unreadable after SIGKILL: %v", run, err)
		}
		if st.Seq < acked {
			t.Fatalf("run %d: record %d was acknowledged but the journal ends at %d", run, acked, st.Seq)
		}
		if !bytes.HasPrefix(b, kept) {
			t.Fatalf("run %d: records written by earlier runs changed", run)
		}
		if st.Torn {
			torn++
		}
		checkInvariants(t, b[:valid])
		kept = b[:valid]
		t.Logf("run %d: acknowledged %d, journal at %d, torn %v, %+v", run, acked, st.Seq, st.Torn, st.Counts())
	}
	t.Logf("%d of 20 kills left a torn last line", torn)

	// A last, clean run reconciles what the kills left pending.
	j, err := Open(dir, "j", Options{Kind: "crash"})
	must(t, err)
	for _, k := range j.Pending() {
		must(t, j.Succeed(k, "reconciled"))
	}
	if c := j.Counts(); c.Pending != 0 || c.Done == 0 {
		t.Errorf("after reconciling: %+v", c)
	}
	must(t, j.Close())
}

// runAndKill starts a crash child, lets it acknowledge a random number of
// records, SIGKILLs it a random moment later and returns the highest
// sequence number it acknowledged.
func runAndKill(t *testing.T, dir string, run int, rng *rand.Rand) int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "JOURNAL_TEST_CHILD=crash", "JOURNAL_TEST_DIR="+dir, fmt.Sprint("JOURNAL_TEST_SEED=", run))
	out, err := cmd.StdoutPipe()
	must(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	sc := bufio.NewScanner(out)
	var acked int64
	wantAcks := 1 + rng.IntN(150)
	for n := 0; n < wantAcks && sc.Scan(); n++ {
		acked = parseAck(t, sc.Text())
	}
	time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
	must(t, cmd.Process.Kill())
	for sc.Scan() { // acknowledgements already in the pipe
		acked = parseAck(t, sc.Text())
	}
	if err := cmd.Wait(); err == nil || stderr.Len() > 0 {
		t.Fatalf("run %d: child ended with %v before the kill: %s", run, err, stderr.String())
	}
	return acked
}

func parseAck(t *testing.T, s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("child printed %q", s)
	}
	return n
}

// checkInvariants re-checks the journal's rules on the raw lines, without
// the replay code under test: sequence numbers 1, 2, 3, …; every outcome
// or progress follows an intent of its key with no outcome in between; no
// key is done twice.
func checkInvariants(t *testing.T, b []byte) {
	t.Helper()
	open := map[Key]bool{}
	done := map[Key]bool{}
	for i, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		var r struct {
			Seq    int64
			Kind   Kind
			Key    Key
			Status Status
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if r.Seq != int64(i+1) {
			t.Fatalf("line %d has seq %d", i+1, r.Seq)
		}
		switch r.Kind {
		case KindIntent:
			if done[r.Key] {
				t.Fatalf("line %d: intent for %s, already done", i+1, r.Key)
			}
			open[r.Key] = true
		case KindProgress, KindOutcome:
			if !open[r.Key] {
				t.Fatalf("line %d: %s for %s without an intent", i+1, r.Kind, r.Key)
			}
			if r.Kind == KindOutcome {
				open[r.Key] = false
				done[r.Key] = r.Status == StatusDone
			}
		}
	}
}
