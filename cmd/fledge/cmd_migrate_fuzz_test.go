package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/steps"
)

// FuzzParseMigrateState: a damaged state file gives an error naming the
// file, never a panic, and what parses has only known steps and states.
func FuzzParseMigrateState(f *testing.F) {
	f.Add([]byte(`{"version":1,"archive":"a.zip","fingerprint":"abc","account":"a@b.c","steps":{"match":{"status":"done","at":"2024-01-02T03:04:05Z"}},"updated":"2024-01-02T03:04:05Z"}`))
	f.Add([]byte(`{"version":1,"steps":{"import":{"status":"left","left":3}}}`))
	f.Add([]byte(`{"version":1,"steps":null}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := parseMigrateState(data, "state.json")
		if err != nil {
			if !strings.Contains(err.Error(), "state.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if st.Steps == nil || st.Version != migrateStateVersion {
			t.Fatalf("parsed state %+v", st)
		}
		for step, r := range st.Steps {
			if !steps.Valid(step) {
				t.Fatalf("unknown step %q accepted", step)
			}
			switch r.Status {
			case stateDone, stateSkipped, stateLeft, stateFailed:
			default:
				t.Fatalf("unknown status %q accepted", r.Status)
			}
		}
	})
}

// FuzzReadMatchesPreview: any matches file gives counts that agree with
// each other or an error naming the file and line.
func FuzzReadMatchesPreview(f *testing.F) {
	f.Add([]byte(`{"twitter_id":"1","screen_name":"a","handles":["@a@example.social"],"candidates":[]}` + "\n"))
	f.Add([]byte(`{"twitter_id":"2","handles":[]}` + "\n\n" + `{"handles":["x"]}`))
	f.Add([]byte("{oops\n"))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := readMatchesPreview(bytes.NewReader(data), "m.jsonl", 3)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "m.jsonl:") {
				t.Fatalf("error does not name the file and line: %v", err)
			}
			return
		}
		if p.Matched > p.Scanned || len(p.First) > 3 || len(p.First) > p.Matched {
			t.Fatalf("inconsistent preview %+v", p)
		}
	})
}

// FuzzParseAnswer: every line is one of the four answers or asked again;
// the accepted ones survive surrounding blanks and case.
func FuzzParseAnswer(f *testing.F) {
	for _, s := range []string{"", "y", "Yes", "n", "skip", "q", "quit", "maybe", "\r", "  S  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		a, ok := parseAnswer(line)
		if !ok {
			return
		}
		if a < answerYes || a > answerQuit {
			t.Fatalf("parseAnswer(%q) = %d", line, a)
		}
		if b, ok2 := parseAnswer("  " + strings.ToUpper(line) + "\t"); !ok2 || b != a {
			t.Fatalf("parseAnswer(%q) = %v but padded upper case gives %v, %v", line, a, b, ok2)
		}
	})
}
