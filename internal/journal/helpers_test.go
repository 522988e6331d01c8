package journal

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeClock returns a clock that advances one second per reading, so
// record times are distinct and predictable.
func fakeClock() func() time.Time {
	t := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

// journalText turns record skeletons (JSON objects without seq and time)
// into journal lines, numbering them from 1. Unless the first skeleton is a
// header, a header is put in front.
func journalText(t testing.TB, recs ...string) string {
	t.Helper()
	if len(recs) == 0 || !strings.Contains(recs[0], `"header"`) {
		recs = append([]string{`{"kind":"header","format":1,"job":"j","job_kind":"test"}`}, recs...)
	}
	var b strings.Builder
	clock := fakeClock()
	for i, r := range recs {
		m := map[string]any{}
		if err := json.Unmarshal([]byte(r), &m); err != nil {
			t.Fatalf("skeleton %d %s: %v", i, r, err)
		}
		if _, ok := m["seq"]; !ok {
			m["seq"] = i + 1
		}
		if _, ok := m["time"]; !ok {
			m["time"] = clock().Format(time.RFC3339Nano)
		}
		line, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// openTest opens job "j" in a fresh directory.
func openTest(t *testing.T, opts Options) (*Journal, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "alice@example.social")
	if opts.Now == nil {
		opts.Now = fakeClock()
	}
	if opts.Kind == "" {
		opts.Kind = "test"
	}
	j, err := Open(dir, "j", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return j, dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// statusesOf renders a state's keys and statuses, for comparing states.
func statusesOf(st *State) string {
	var b strings.Builder
	for _, s := range []Status{StatusPending, StatusDone, StatusRetryable, StatusPermanent, StatusSkipped} {
		fmt.Fprintf(&b, "%s=%v ", s, st.Keys(s))
	}
	return b.String()
}
