package archive

import (
	"archive/zip"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// writeZip builds a zip holding files (archive path → content) and returns
// its path.
func writeZip(t testing.TB, files map[string]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "archive.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeDir writes files into a fresh folder and returns it.
func writeDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for n, c := range files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func openT(t testing.TB, p string) *Archive {
	t.Helper()
	a, err := Open(p)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func collect(t testing.TB, a *Archive, opt TweetOptions) []*Tweet {
	t.Helper()
	var out []*Tweet
	for tw, err := range a.Tweets(opt) {
		if err != nil {
			t.Fatalf("Tweets: %v", err)
		}
		out = append(out, tw)
	}
	return out
}
