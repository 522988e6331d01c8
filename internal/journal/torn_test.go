package journal

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSample writes a small journal and returns its bytes and the offset
// where its last record starts.
func writeSample(t *testing.T) ([]byte, int) {
	t.Helper()
	j, dir := openTest(t, Options{})
	must(t, j.Intent("post:1:0", map[string]string{"text": "héllo wörld"}))
	must(t, j.Succeed("post:1:0", map[string]string{"id": "s1"}))
	must(t, j.Intent("post:2:0", nil))
	must(t, j.Succeed("post:2:0", map[string]string{"id": "s2", "note": strings.Repeat("z", 40)}))
	must(t, j.Close())
	b := readFile(t, filepath.Join(dir, "j.jsonl"))
	return b, bytes.LastIndexByte(b[:len(b)-1], '\n') + 1
}

// TestTornLastLine cuts the last record at every byte offset: the reader
// must see the state before that record, and Open must cut the fragment
// away so that the next record starts on a line of its own.
func TestTornLastLine(t *testing.T) {
	full, last := writeSample(t)
	whole, err := Replay(bytes.NewReader(full), "full")
	must(t, err)
	prefix, err := Replay(bytes.NewReader(full[:last]), "prefix")
	must(t, err)
	if prefix.Status("post:2:0") != StatusPending || whole.Status("post:2:0") != StatusDone {
		t.Fatalf("sample is not what the test expects: %s / %s", statusesOf(prefix), statusesOf(whole))
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "j.jsonl")
	for cut := last; cut < len(full); cut++ {
		must(t, os.WriteFile(path, full[:cut], 0o600))
		st, err := Read(path)
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if st.Torn != (cut > last) || st.Seq != prefix.Seq || statusesOf(st) != statusesOf(prefix) {
			t.Fatalf("cut at %d: torn %v seq %d %s, want seq %d %s", cut, st.Torn, st.Seq, statusesOf(st), prefix.Seq, statusesOf(prefix))
		}
		j, err := Open(dir, "j", Options{Kind: "test"})
		if err != nil {
			t.Fatalf("cut at %d: Open: %v", cut, err)
		}
		must(t, j.Succeed("post:2:0", "again"))
		must(t, j.Close())
		got := readFile(t, path)
		if !bytes.HasPrefix(got, full[:last]) {
			t.Fatalf("cut at %d: Open changed whole records", cut)
		}
		st, err = Read(path)
		if err != nil {
			t.Fatalf("cut at %d: after append: %v\n%s", cut, err, got)
		}
		if st.Torn || st.Seq != prefix.Seq+2 || !st.Done("post:2:0") {
			t.Fatalf("cut at %d: after append: torn %v seq %d %s", cut, st.Torn, st.Seq, statusesOf(st))
		}
	}
}

// TestGarbledLastLine covers a crash that left the last line's pages out of
// order: its newline arrived but some bytes before it are zeros.
func TestGarbledLastLine(t *testing.T) {
	full, last := writeSample(t)
	for _, garble := range []func([]byte){
		func(b []byte) { clear(b[last+10 : len(b)-1]) },
		func(b []byte) { clear(b[last : len(b)-1]) },
		func(b []byte) { b[len(b)-2] = 'x' },
	} {
		b := bytes.Clone(full)
		garble(b)
		st, err := Replay(bytes.NewReader(b), "garbled")
		if err != nil {
			t.Fatal(err)
		}
		if !st.Torn || st.Status("post:2:0") != StatusPending {
			t.Errorf("torn %v, %s", st.Torn, statusesOf(st))
		}
	}
}

func TestEmptyAndHeaderlessFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.jsonl")
	// A crash right after creating the file, or in the middle of its header.
	for _, content := range []string{"", `{"seq":1,"ti`} {
		must(t, os.WriteFile(path, []byte(content), 0o600))
		st, err := Read(path)
		if err != nil || st.Seq != 0 {
			t.Fatalf("%q: %v, seq %d", content, err, st.Seq)
		}
		j, err := Open(dir, "j", Options{Kind: "test"})
		must(t, err)
		if h := j.Header(); h.Kind != "test" || j.State().Seq != 1 {
			t.Errorf("%q: header %+v after Open", content, h)
		}
		must(t, j.Close())
	}
}
