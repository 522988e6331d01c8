package journal

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzReplay feeds arbitrary bytes to the reader: it must return either a
// state or a *CorruptError, never panic, and a state it returns must be
// self-consistent and survive having its bytes replayed again.
func FuzzReplay(f *testing.F) {
	j := func(recs ...string) []byte { return []byte(journalText(f, recs...)) }
	full := j(`{"kind":"intent","key":"a","data":{"x":1}}`, `{"kind":"progress","key":"a","data":[1]}`,
		`{"kind":"outcome","key":"a","status":"done","data":"s"}`, `{"kind":"skip","key":"b"}`,
		`{"kind":"wait","until":"2026-11-22T00:00:00Z"}`, `{"kind":"resume","plan":"p"}`, `{"kind":"summary"}`)
	f.Add(full)
	f.Add(full[:len(full)-7])
	f.Add(j())
	f.Add([]byte{})
	f.Add([]byte("\n"))
	f.Add([]byte("\x00\x00\x00\n"))
	f.Add(j(`{"kind":"outcome","key":"a","status":"done"}`))
	f.Add(j(`{"kind":"intent","key":"a"}`, `{"kind":"intent","key":"b","seq":2}`))
	f.Add([]byte(`{"seq":1,"time":"2026-11-21T09:00:00Z","kind":"header","format":1}` + "\n{\"seq\":2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := Replay(bytes.NewReader(data), "fuzz")
		if err != nil {
			if st != nil {
				t.Fatal("both a state and an error")
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v is not a corruption error", err)
			}
			return
		}
		c := st.Counts()
		if c.Done+c.Retryable+c.Permanent+c.Skipped+c.Pending != c.Known {
			t.Fatalf("counts do not add up: %+v", c)
		}
		if len(st.Pending()) != c.Pending {
			t.Fatalf("Pending() has %d keys, Counts says %d", len(st.Pending()), c.Pending)
		}
		// The whole records alone replay to the same state, not torn.
		_, valid, err := replay(bytes.NewReader(data), "fuzz", false)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Replay(bytes.NewReader(data[:valid]), "fuzz")
		if err != nil || again.Torn || again.Seq != st.Seq || statusesOf(again) != statusesOf(st) {
			t.Fatalf("whole records replay differently: %v", err)
		}
	})
}
