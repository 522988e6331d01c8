package archivetest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var sampleHARPath = filepath.Join("..", "..", "archive", "testdata", "sample-following.har")

// TestSampleHARUpToDate regenerates the capture that ships beside the
// sample archive and compares bytes. After a deliberate change, refresh it
// with
//
//	go test ./internal/archivetest -run TestSampleHARUpToDate -update
func TestSampleHARUpToDate(t *testing.T) {
	want, err := FollowingHAR(SampleOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(want) > 200<<10 {
		t.Errorf("sample capture is %d bytes, keep it under 200 KiB", len(want))
	}
	if *update {
		if err := os.WriteFile(sampleHARPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(sampleHARPath)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date; run: go test ./internal/archivetest -run TestSampleHARUpToDate -update", sampleHARPath)
	}
}

// TestFollowingHARCoversArchive checks that the capture holds a profile
// for exactly the accounts the archive's following.js lists, each in one
// Following page, and that only request parts carry the fake secrets.
func TestFollowingHARCoversArchive(t *testing.T) {
	opt := SampleOptions()
	opt.Following = 45
	path := filepath.Join(t.TempDir(), "a.zip")
	if _, err := Write(path, opt); err != nil {
		t.Fatal(err)
	}
	har, err := FollowingHAR(opt)
	if err != nil {
		t.Fatal(err)
	}
	want := followingInZip(t, path)
	if len(want) != 45 {
		t.Fatalf("following.js lists %d accounts, want 45", len(want))
	}
	var got []string
	for _, m := range regexp.MustCompile(`\\"entryId\\":\\"user-(\d+)\\"`).FindAllSubmatch(har, -1) {
		got = append(got, string(m[1]))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("capture's Following pages hold %v,\nfollowing.js lists %v", got, want)
	}
	for _, s := range []string{"@social.example.org", ".bsky.social", `\"location\":\"@`, harFakeSecret} {
		if !bytes.Contains(har, []byte(s)) {
			t.Errorf("capture lacks %q", s)
		}
	}
}

func followingInZip(t *testing.T, path string) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "/following.js") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range regexp.MustCompile(`"accountId" : "(\d+)"`).FindAllSubmatch(b, -1) {
			ids = append(ids, string(m[1]))
		}
		return ids
	}
	t.Fatal("no following.js in the archive")
	return nil
}
