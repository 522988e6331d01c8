package archivetest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite archive/testdata/sample-archive.zip")

var samplePath = filepath.Join("..", "..", "archive", "testdata", "sample-archive.zip")

// TestSampleArchiveUpToDate regenerates the committed sample and compares
// bytes. After a deliberate generator change, refresh it with
//
//	go test ./internal/archivetest -run TestSampleArchiveUpToDate -update
func TestSampleArchiveUpToDate(t *testing.T) {
	fresh := filepath.Join(t.TempDir(), "sample-archive.zip")
	exp, err := Write(fresh, SampleOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := readFile(t, fresh)
	if len(want) > 300<<10 {
		t.Errorf("sample archive is %d bytes, keep it under 300 KiB", len(want))
	}
	if exp.Long == 0 || exp.Quotes == 0 || exp.SelfReplies == 0 || exp.MediaPresent == 0 || exp.Total != 400 {
		t.Errorf("sample lacks variety: %s", brief(exp))
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(samplePath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(samplePath, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date; run: go test ./internal/archivetest -run TestSampleArchiveUpToDate -update", samplePath)
	}
}
