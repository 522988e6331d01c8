package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteAtomicReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	for _, content := range []string{"one", "two, longer", "3"} {
		if err := WriteFileAtomic(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(path); string(data) != content {
			t.Fatalf("got %q, want %q", data, content)
		}
	}
}

func TestWriteAtomicNamesPathOnError(t *testing.T) {
	// A regular file where the directory should be makes MkdirAll fail.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(filepath.Join(blocker, "credentials.yaml"), []byte("x"), 0o600)
	if err == nil {
		t.Fatal("no error")
	}
	if want := blocker; !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to name %s", err, want)
	}
}
