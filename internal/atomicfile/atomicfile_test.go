package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// dirNames lists dir, to catch temporary files left behind.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	for _, content := range []string{"one", "two, longer", "3", ""} {
		if err := WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(path); string(data) != content {
			t.Fatalf("got %q, want %q", data, content)
		}
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"f"}) {
		t.Errorf("directory holds %v, want only f", names)
	}
}

// A write that fails half-way, a full disk or any other error, leaves the
// old file as it was and no temporary file behind.
func TestWriteFailureKeepsOldFile(t *testing.T) {
	for _, fail := range []error{syscall.ENOSPC, errors.New("encoder broke")} {
		t.Run(fail.Error(), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "credentials.yaml")
			if err := WriteFile(path, []byte("old content\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			err := Write(path, 0o600, func(w io.Writer) error {
				if _, err := w.Write([]byte("half of the new")); err != nil {
					return err
				}
				return fail
			})
			if !errors.Is(err, fail) || !strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v, want the write error naming %s", err, path)
			}
			if data, err := os.ReadFile(path); err != nil || string(data) != "old content\n" {
				t.Fatalf("file = %q, %v; want the old content untouched", data, err)
			}
			if names := dirNames(t, dir); !slices.Equal(names, []string{"credentials.yaml"}) {
				t.Fatalf("directory holds %v, want only the file", names)
			}
		})
	}
}

// On a real full device the write itself fails; the target is untouched.
// /dev/full exists on Linux only, and a rename onto it is never reached.
func TestWriteToFullDevice(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /dev/full")
	}
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = Write(path, 0o600, func(io.Writer) error {
		_, err := full.Write([]byte("new"))
		return err
	})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want ENOSPC", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Fatalf("file = %q, want the old content", data)
	}
}

func TestWritePerm(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	path := filepath.Join(t.TempDir(), "f")
	for _, perm := range []os.FileMode{0o600, 0o644} {
		if err := WriteFile(path, []byte("x"), perm); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != perm {
			t.Fatalf("mode = %v, %v; want %v", fi.Mode().Perm(), err, perm)
		}
	}
}

func TestWriteMissingDirNamesPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "f")
	err := WriteFile(path, []byte("x"), 0o600)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want one naming %s", err, path)
	}
}

func TestSyncDir(t *testing.T) {
	if err := SyncDir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if err := SyncDir(filepath.Join(t.TempDir(), "missing")); err == nil {
			t.Fatal("SyncDir of a missing directory succeeded")
		}
	}
}
