package diskcache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type rec struct {
	Value   string    `json:"value"`
	Expires time.Time `json:"expires"`
}

func open(t *testing.T) (*Cache[rec], string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cache")
	c, err := Open(dir, func(r rec) time.Time { return r.Expires })
	if err != nil {
		t.Fatal(err)
	}
	return c, dir
}

func TestGetPut(t *testing.T) {
	c, _ := open(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	name := HashedName("alice@example.social")
	if _, ok := c.Get(name, now); ok {
		t.Fatal("hit in an empty cache")
	}
	if err := c.Put(name, rec{"a", now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at   time.Time
		want bool
	}{
		{now, true},
		{now.Add(time.Hour - time.Nanosecond), true},
		{now.Add(time.Hour), false}, // expiry is exclusive
		{now.Add(2 * time.Hour), false},
	}
	for _, tt := range tests {
		got, ok := c.Get(name, tt.at)
		if ok != tt.want || ok && got.Value != "a" {
			t.Errorf("Get at %v = %+v, %v; want hit %v", tt.at, got, ok, tt.want)
		}
	}
}

func TestCorruptIsMiss(t *testing.T) {
	c, dir := open(t)
	for _, content := range []string{"{broken", "", "[]", "null"} {
		if err := os.WriteFile(filepath.Join(dir, "x.json"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if r, ok := c.Get("x.json", time.Time{}); ok {
			t.Errorf("content %q served as %+v", content, r)
		}
	}
}

func TestHashedName(t *testing.T) {
	a, b := HashedName("../../etc/passwd"), HashedName("other")
	if a == b || strings.Contains(a, "..") || filepath.Dir(a) == "." || !strings.HasSuffix(a, ".json") {
		t.Errorf("HashedName = %q, %q", a, b)
	}
	if again := HashedName("../../etc/passwd"); again != a {
		t.Errorf("HashedName gave %q, then %q", a, again)
	}
}

func TestPruneAndClear(t *testing.T) {
	c, dir := open(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.Put(HashedName("live"), rec{"live", now.Add(time.Hour)}))
	must(c.Put(HashedName("dead"), rec{"dead", now.Add(-time.Hour)}))
	must(os.WriteFile(filepath.Join(dir, "junk.json"), []byte("{"), 0o600))
	// A temporary file a crash left behind, whole and fresh as it may be.
	must(os.WriteFile(filepath.Join(dir, ".x.json.123.tmp"), []byte(`{"expires":"2030-01-01T00:00:00Z"}`), 0o600))
	must(c.Prune(now))
	var left []string
	must(filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left = append(left, p)
		}
		return err
	}))
	if len(left) != 1 || left[0] != filepath.Join(dir, HashedName("live")) {
		t.Errorf("after Prune: %v, want only the live record", left)
	}
	must(c.Clear())
	if _, ok := c.Get(HashedName("live"), now); ok {
		t.Error("Clear left the record")
	}
}

func TestOpenNamesDir(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(filepath.Join(blocker, "cache"), func(rec) time.Time { return time.Time{} })
	if err == nil || !strings.Contains(err.Error(), blocker) {
		t.Fatalf("err = %v, want one naming %s", err, blocker)
	}
}
