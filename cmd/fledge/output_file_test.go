package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestOutputFileAppearsWhole: an -o file takes its new content only when
// closed; an aborted one keeps the old, and leaves no temporary file.
func TestOutputFileAppearsWhole(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "matches.jsonl")
	if err := os.WriteFile(name, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	read := func() string {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	o := createOutputFile(name)
	fmt.Fprintln(o, "half of a run")
	if got := read(); got != "old\n" {
		t.Errorf("while writing the file reads %q", got)
	}
	o.Abort(errors.New("interrupted"))
	if got := read(); got != "old\n" {
		t.Errorf("after Abort the file reads %q", got)
	}

	o = createOutputFile(name)
	fmt.Fprintln(o, "a whole run")
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "a whole run\n" {
		t.Errorf("after Close the file reads %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}

	missing := filepath.Join(dir, "no-such-folder", "m.jsonl")
	if err := checkOutputFile(missing); err == nil {
		t.Error("a file in a missing folder passes the check")
	}
	o = createOutputFile(missing)
	_, werr := fmt.Fprintln(o, "x")
	if cerr := o.Close(); cerr == nil {
		t.Errorf("a file in a missing folder closes without error (write error %v)", werr)
	}
}
