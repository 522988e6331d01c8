package journal

import (
	"errors"
	"strings"
	"testing"
)

func TestReplaySemantics(t *testing.T) {
	tests := []struct {
		name    string
		recs    []string
		want    map[Key]Status
		pending []Key
		counts  Counts
	}{
		{
			name:   "header only",
			want:   map[Key]Status{"a": StatusNew},
			counts: Counts{},
		},
		{
			name: "intent without outcome is pending",
			recs: []string{`{"kind":"intent","key":"a"}`},
			want: map[Key]Status{"a": StatusPending}, pending: []Key{"a"},
			counts: Counts{Pending: 1, Known: 1},
		},
		{
			name: "done",
			recs: []string{`{"kind":"intent","key":"a"}`, `{"kind":"progress","key":"a","data":[1]}`, `{"kind":"outcome","key":"a","status":"done","data":"s1"}`},
			want: map[Key]Status{"a": StatusDone}, counts: Counts{Done: 1, Known: 1},
		},
		{
			name: "failures by class",
			recs: []string{
				`{"kind":"intent","key":"a"}`, `{"kind":"outcome","key":"a","status":"retryable","reason":"503"}`,
				`{"kind":"intent","key":"b"}`, `{"kind":"outcome","key":"b","status":"permanent","reason":"404"}`,
			},
			want:   map[Key]Status{"a": StatusRetryable, "b": StatusPermanent},
			counts: Counts{Retryable: 1, Permanent: 1, Known: 2},
		},
		{
			name: "retry after failure succeeds",
			recs: []string{
				`{"kind":"intent","key":"a"}`, `{"kind":"outcome","key":"a","status":"retryable"}`,
				`{"kind":"resume","planned":3}`,
				`{"kind":"intent","key":"a"}`, `{"kind":"outcome","key":"a","status":"done"}`,
			},
			want:   map[Key]Status{"a": StatusDone},
			counts: Counts{Planned: 3, Done: 1, Known: 1},
		},
		{
			name: "second intent after a crash stays pending",
			recs: []string{`{"kind":"intent","key":"a"}`, `{"kind":"resume"}`, `{"kind":"intent","key":"a"}`},
			want: map[Key]Status{"a": StatusPending}, pending: []Key{"a"},
			counts: Counts{Pending: 1, Known: 1},
		},
		{
			name: "skip without intent, and after a failure",
			recs: []string{
				`{"kind":"skip","key":"a","reason":"retweet"}`,
				`{"kind":"intent","key":"b"}`, `{"kind":"outcome","key":"b","status":"permanent"}`, `{"kind":"skip","key":"b"}`,
			},
			want:   map[Key]Status{"a": StatusSkipped, "b": StatusSkipped},
			counts: Counts{Skipped: 2, Known: 2},
		},
		{
			name: "pending oldest first",
			recs: []string{`{"kind":"intent","key":"z"}`, `{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"m"}`, `{"kind":"outcome","key":"a","status":"done"}`},
			want: map[Key]Status{"z": StatusPending, "m": StatusPending, "a": StatusDone}, pending: []Key{"z", "m"},
			counts: Counts{Pending: 2, Done: 1, Known: 3},
		},
		{
			name:   "unknown fields are ignored",
			recs:   []string{`{"kind":"intent","key":"a","colour":"blue"}`},
			want:   map[Key]Status{"a": StatusPending},
			counts: Counts{Pending: 1, Known: 1}, pending: []Key{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Replay(strings.NewReader(journalText(t, tt.recs...)), "test.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			for k, want := range tt.want {
				if got := st.Status(k); got != want {
					t.Errorf("Status(%q) = %q, want %q", k, got, want)
				}
				if st.Done(k) != (want == StatusDone) {
					t.Errorf("Done(%q) = %v", k, st.Done(k))
				}
			}
			if got := st.Pending(); !equalKeys(got, tt.pending) {
				t.Errorf("Pending() = %v, want %v", got, tt.pending)
			}
			if got := st.Counts(); got != tt.counts {
				t.Errorf("Counts() = %+v, want %+v", got, tt.counts)
			}
			if st.Torn {
				t.Error("Torn set on a whole journal")
			}
		})
	}
}

func equalKeys(a, b []Key) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReplayKeepsData(t *testing.T) {
	text := journalText(t,
		`{"kind":"intent","key":"a","data":{"n":1}}`,
		`{"kind":"progress","key":"a","data":{"media":["m1"]}}`,
		`{"kind":"outcome","key":"a","status":"retryable","reason":"503"}`,
		`{"kind":"intent","key":"a","data":{"n":2}}`,
		`{"kind":"outcome","key":"a","status":"done","data":{"id":"s9"}}`,
		`{"kind":"wait","until":"2026-11-22T00:00:00Z","reason":"follows"}`,
		`{"kind":"summary","data":{"ok":1}}`,
	)
	st, err := Replay(strings.NewReader(text), "t")
	if err != nil {
		t.Fatal(err)
	}
	e, ok := st.Entry("a")
	if !ok {
		t.Fatal("no entry for a")
	}
	if e.Attempts != 2 || string(e.Intent) != `{"n":2}` || string(e.Progress) != `{"media":["m1"]}` || e.Reason != "" {
		t.Errorf("entry = %+v", e)
	}
	if r, ok := st.Result("a"); !ok || string(r) != `{"id":"s9"}` {
		t.Errorf("Result = %s, %v", r, ok)
	}
	if _, ok := st.Result("b"); ok {
		t.Error("Result of an unknown key reports done")
	}
	if got := st.NextAllowed.Format("2006-01-02T15"); got != "2026-11-22T00" || st.WaitReason != "follows" {
		t.Errorf("NextAllowed = %v %q", st.NextAllowed, st.WaitReason)
	}
	if !st.Finished || string(st.Summary) != `{"ok":1}` {
		t.Errorf("Finished = %v, Summary = %s", st.Finished, st.Summary)
	}
	if st.Seq != 8 || st.Header.Kind != "test" || st.Runs != 1 {
		t.Errorf("Seq %d, header %+v, runs %d", st.Seq, st.Header, st.Runs)
	}
}

func TestReplayCorruption(t *testing.T) {
	header := `{"kind":"header","format":1,"job":"j"}`
	tests := []struct {
		name string
		text func(t *testing.T) string
		line int
		want string
	}{
		{"garbage in the middle", func(t *testing.T) string {
			return lines(journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"b"}`), 2, "not json at all")
		}, 2, "not a journal record"},
		{"zeros in the middle", func(t *testing.T) string {
			return lines(journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"b"}`), 1, "\x00\x00\x00")
		}, 1, "not a journal record"},
		{"empty line in the middle", func(t *testing.T) string {
			return lines(journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"b"}`), 2, "")
		}, 2, "not a journal record"},
		{"sequence gap", func(t *testing.T) string {
			return journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"b","seq":4}`)
		}, 3, "sequence number 4, expected 3"},
		{"duplicate sequence number", func(t *testing.T) string {
			return journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"b","seq":2}`)
		}, 3, "sequence number 2, expected 3"},
		{"outcome without intent", func(t *testing.T) string {
			return journalText(t, `{"kind":"outcome","key":"a","status":"done"}`)
		}, 2, `outcome for "a" without an open intent`},
		{"progress after outcome", func(t *testing.T) string {
			return journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"outcome","key":"a","status":"retryable"}`, `{"kind":"progress","key":"a"}`)
		}, 4, "progress for"},
		{"intent for a done key", func(t *testing.T) string {
			return journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"outcome","key":"a","status":"done"}`, `{"kind":"intent","key":"a"}`)
		}, 4, "already done (record 3)"},
		{"bad outcome status", func(t *testing.T) string {
			return journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"outcome","key":"a","status":"fine"}`)
		}, 3, `status "fine"`},
		{"missing key", func(t *testing.T) string { return journalText(t, `{"kind":"intent"}`) }, 2, "empty key"},
		{"unknown kind", func(t *testing.T) string { return journalText(t, `{"kind":"teleport"}`) }, 2, `unknown record kind "teleport"`},
		{"no header", func(t *testing.T) string {
			return `{"seq":1,"time":"2026-11-21T09:00:01Z","kind":"intent","key":"a"}` + "\n"
		}, 1, "not a header"},
		{"second header", func(t *testing.T) string { return journalText(t, header, header) }, 2, "a second header"},
		{"newer format", func(t *testing.T) string { return journalText(t, `{"kind":"header","format":2}`) }, 1, "format 2 is not supported"},
		{"no time", func(t *testing.T) string {
			return journalText(t, `{"kind":"intent","key":"a","time":"0001-01-01T00:00:00Z"}`)
		}, 2, "has no time"},
		{"wait without until", func(t *testing.T) string { return journalText(t, `{"kind":"wait"}`) }, 2, "no until"},
		{"too long in the middle", func(t *testing.T) string {
			return lines(journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"b"}`), 2, strings.Repeat(" ", maxRecord+10)+"{}")
		}, 2, "longer than"},
		{"valid JSON but wrong last record", func(t *testing.T) string {
			return journalText(t, `{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"b","seq":9}`)
		}, 3, "sequence number 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Replay(strings.NewReader(tt.text(t)), "acct/j.jsonl")
			if err == nil {
				t.Fatalf("no error; state %s", statusesOf(st))
			}
			var ce *CorruptError
			if !errors.As(err, &ce) || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v is not a *CorruptError", err)
			}
			if ce.Line != tt.line || ce.File != "acct/j.jsonl" {
				t.Errorf("error at %s:%d, want line %d", ce.File, ce.Line, tt.line)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "acct/j.jsonl, line") {
				t.Errorf("error %q does not say %q with file and line", err, tt.want)
			}
		})
	}
}

// lines replaces line n (1-based) of text with repl.
func lines(text string, n int, repl string) string {
	ls := strings.SplitAfter(text, "\n")
	ls[n-1] = repl + "\n"
	return strings.Join(ls, "")
}
