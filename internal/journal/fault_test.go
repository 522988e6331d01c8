package journal

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// faultyFile writes part of a line and then fails, or fails to sync, the
// way a full disk (ENOSPC) or a failing one (EIO) does.
type faultyFile struct {
	*os.File
	writeErr error
	partial  int // bytes that reach the file before writeErr
	syncErr  error
}

func (f *faultyFile) Write(b []byte) (int, error) {
	if f.writeErr != nil {
		n, _ := f.File.Write(b[:min(f.partial, len(b))])
		return n, f.writeErr
	}
	return f.File.Write(b)
}

func (f *faultyFile) Sync() error {
	if f.syncErr != nil {
		return f.syncErr
	}
	return f.File.Sync()
}

func TestWriteFailures(t *testing.T) {
	tests := []struct {
		name string
		ff   faultyFile
		want error
		hint string // what the message tells the person to do
	}{
		{"disk full after part of the line", faultyFile{writeErr: syscall.ENOSPC, partial: 17}, syscall.ENOSPC, "free some space and run the same command again"},
		{"disk full before anything", faultyFile{writeErr: syscall.ENOSPC}, syscall.ENOSPC, "free some space and run the same command again"},
		{"quota exceeded", faultyFile{writeErr: syscall.EDQUOT}, syscall.EDQUOT, "free some space and run the same command again"},
		{"disk full, as *os.File says it", faultyFile{writeErr: &fs.PathError{Op: "write", Path: "/state/j.jsonl", Err: syscall.ENOSPC}},
			syscall.ENOSPC, "free some space and run the same command again"},
		{"fsync fails", faultyFile{syncErr: syscall.EIO}, syscall.EIO, "check the disk, then run the same command again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, dir := openTest(t, Options{})
			must(t, j.Intent("a", nil))
			before := j.State()
			ff := tt.ff
			ff.File = j.f.(*os.File)
			j.f = &ff

			err := j.Succeed("a", "s1")
			if !errors.Is(err, tt.want) {
				t.Fatalf("Succeed = %v, want %v", err, tt.want)
			}
			// The advice is about the disk and running again: the journal
			// is an internal detail a person cannot "reopen".
			if msg := err.Error(); !strings.Contains(msg, tt.hint) || strings.Contains(msg, "reopen") {
				t.Errorf("message %q does not say %q", msg, tt.hint)
			}
			if msg := err.Error(); strings.Count(msg, "j.jsonl") != 1 {
				t.Errorf("message %q does not name the journal exactly once", msg)
			}
			if j.Done("a") || j.State().Seq != before.Seq {
				t.Error("a failed write changed the state")
			}
			// Later writes are refused even once the disk recovers.
			ff.writeErr, ff.syncErr = nil, nil
			if err := j.Succeed("a", "s1"); !errors.Is(err, tt.want) {
				t.Errorf("write after a failure = %v, want the first error again", err)
			}
			must(t, j.Close())

			// The file holds exactly the acknowledged records.
			st, err := Read(filepath.Join(dir, "j.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			if st.Torn || st.Seq != before.Seq || st.Status("a") != StatusPending {
				t.Errorf("read back: torn %v seq %d %s", st.Torn, st.Seq, statusesOf(st))
			}
			j, err = Open(dir, "j", Options{Kind: "test"})
			must(t, err)
			must(t, j.Succeed("a", "s1"))
			must(t, j.Close())
		})
	}
}
