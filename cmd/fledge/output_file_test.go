package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/fledge-cli/fledge/importer/export"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/atomicfile"
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

// fullDisk is atomicfile.Write onto a disk that fills up after room bytes.
func fullDisk(room int) func(string, fs.FileMode, func(io.Writer) error) error {
	return func(name string, perm fs.FileMode, fill func(io.Writer) error) error {
		return atomicfile.Write(name, perm, func(w io.Writer) error {
			return fill(&limitedWriter{w: w, left: room})
		})
	}
}

type limitedWriter struct {
	w    io.Writer
	left int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.left {
		n, _ := l.w.Write(p[:l.left])
		l.left = 0
		return n, syscall.ENOSPC
	}
	l.left -= len(p)
	return l.w.Write(p)
}

// TestExportOnFullDiskKeepsOldFile: an export that runs out of disk space
// half way fails, and leaves the file it replaces as it was and no
// temporary file, although the export closes its file whatever happened.
func TestExportOnFullDiskKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "following.csv")
	if err := os.WriteFile(name, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var targets []follow.Target
	for i := range 2000 {
		targets = append(targets, follow.Target{Handle: fmt.Sprintf("@user%d@example.social", i)})
	}
	create := func(name string) (io.WriteCloser, error) { return createOutputFileWith(name, fullDisk(1000)), nil }
	_, err := export.Write(export.Following, targets, export.Options{Reblogs: true}, name, create)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("export on a full disk: err = %v, want ENOSPC", err)
	}
	if b, _ := os.ReadFile(name); string(b) != "old\n" {
		t.Errorf("after the failed export the file reads %d bytes: %.40q…", len(b), b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}

	// With room, the same export goes through createFile and replaces it.
	if _, err := export.Write(export.Following, targets, export.Options{Reblogs: true}, name, createFile); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(name); !strings.HasPrefix(string(b), "Account address,") || strings.Count(string(b), "\n") != 2001 {
		t.Errorf("after the export the file reads %.60q… (%d lines)", b, strings.Count(string(b), "\n"))
	}
}
