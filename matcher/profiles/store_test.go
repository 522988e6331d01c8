package profiles

import (
	"context"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func newTestStore(t *testing.T, ps ...Profile) *Store {
	t.Helper()
	s, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, p := range ps {
		if err := s.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func lookupOne(t *testing.T, s *Store, id, name string) *Profile {
	t.Helper()
	var ids, names []string
	if id != "" {
		ids = []string{id}
	}
	if name != "" {
		names = []string{name}
	}
	ps, err := s.Lookup(context.Background(), ids, names)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) > 1 {
		t.Fatalf("lookup %q/%q: %d profiles", id, name, len(ps))
	}
	if len(ps) == 0 {
		return nil
	}
	return &ps[0]
}

func TestProfileStoreRoundTrip(t *testing.T) {
	full := Profile{
		ID: "1234567890123456789", ScreenName: "Alice", Name: "Alice 🐘", Description: "me: https://t.co/x",
		Location: "Earth", URL: "https://t.co/y", PinnedText: "moved https://t.co/z", Source: SourceFile,
		DescriptionURLs: []URLEntity{{URL: "https://t.co/x", ExpandedURL: "https://mastodon.social/@alice", Start: 4, End: 18}},
		URLURLs:         []URLEntity{{URL: "https://t.co/y", ExpandedURL: "https://alice.example"}},
		PinnedURLs:      []URLEntity{{URL: "https://t.co/z", ExpandedURL: "https://hachyderm.io/@alice", Start: 6, End: 20}},
	}
	s := newTestStore(t, full, Profile{ScreenName: "bob", Description: "no id"}, Profile{ID: "0042", ScreenName: "carol"}, Profile{ID: "v2:x", ScreenName: "dave"})
	for _, tc := range []struct {
		id, name string
		want     string // screen name of the profile found, "" for none
	}{
		{"1234567890123456789", "", "Alice"},
		{"", "ALICE", "Alice"},
		{"", "bob", "bob"},
		{"0042", "", "carol"}, // not canonical decimal: kept as a string
		{"42", "", ""},
		{"v2:x", "", "dave"},
		{"", "nobody", ""},
		{"", "", ""},
	} {
		p := lookupOne(t, s, tc.id, tc.name)
		got := ""
		if p != nil {
			got = p.ScreenName
		}
		if got != tc.want {
			t.Errorf("lookup %q/%q: got %q, want %q", tc.id, tc.name, got, tc.want)
		}
	}
	if p := lookupOne(t, s, full.ID, ""); !reflect.DeepEqual(*p, full) {
		t.Errorf("round trip\n got %+v\nwant %+v", *p, full)
	}
	if s.Len() != 4 {
		t.Errorf("Len %d, want 4", s.Len())
	}
}

func TestProfileStoreReplaces(t *testing.T) {
	s := newTestStore(t,
		Profile{ID: "1", ScreenName: "alice", Description: "old bio"},
		Profile{ID: "2", ScreenName: "bob", Description: "bio", Location: "here"},
		Profile{ScreenName: "carol", Description: "first"},
		Profile{ID: "1", ScreenName: "alice", Description: "new bio"}, // later replaces
		Profile{ID: "2", ScreenName: "bob"},                           // poorer: kept out
		Profile{ScreenName: "Carol", Description: "second"},           // same name, any case
		Profile{ScreenName: "alice", Description: "by name"},          // found by name, keeps id 1
		Profile{ID: "3", ScreenName: "erin"},
	)
	for _, tc := range []struct{ id, name, bio string }{
		{"1", "", "by name"},
		{"", "alice", "by name"},
		{"2", "", "bio"},
		{"", "carol", "second"},
	} {
		if p := lookupOne(t, s, tc.id, tc.name); p == nil || p.Description != tc.bio {
			t.Errorf("%q/%q: got %+v, want bio %q", tc.id, tc.name, p, tc.bio)
		}
	}
	if p := lookupOne(t, s, "", "alice"); p.ID != "1" {
		t.Errorf("a profile found by name lost the account's id: %+v", p)
	}
	got := slices.Collect(s.Accounts())
	want := []AccountRef{{ID: "1"}, {ID: "2"}, {ScreenName: "carol"}, {ID: "3"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("accounts %+v, want %+v (first-seen order, one per account)", got, want)
	}
}

func TestProfileStoreSecondary(t *testing.T) {
	const author = "capture-author"
	s, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Secondary = func(src string) bool { return src == author }
	for _, p := range []Profile{
		{ID: "1", ScreenName: "alice", Description: "followed", Source: "primary"},
		{ID: "1", ScreenName: "alice", Description: "seen on a timeline", Location: "x", Source: author},
		{ID: "2", ScreenName: "bob", Description: "timeline only", Source: author},
		{ID: "3", ScreenName: "carol", Source: author},
		{ID: "3", ScreenName: "carol", Source: "primary"}, // poorer but primary: wins
	} {
		if err := s.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if p := lookupOne(t, s, "1", ""); p.Description != "followed" {
		t.Errorf("a secondary profile replaced a primary one: %+v", p)
	}
	if p := lookupOne(t, s, "2", ""); p == nil || p.Source != author {
		t.Errorf("secondary profiles must still be served, with their source: %+v", p)
	}
	if p := lookupOne(t, s, "3", ""); p.Source != "primary" {
		t.Errorf("primary profile lost to a secondary one: %+v", p)
	}
	got := slices.Collect(s.Accounts())
	if want := []AccountRef{{ID: "1"}, {ID: "3"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("accounts %+v, want %+v (secondary left out)", got, want)
	}
}

func TestProfileStoreAddFromStopsAtError(t *testing.T) {
	s := newTestStore(t)
	n, err := s.AddFrom(Stream(strings.NewReader("{\"id_str\":\"1\",\"screen_name\":\"a\"}\n{broken\n{\"id_str\":\"2\"}\n"), "big.jsonl"))
	if n != 1 || err == nil || !strings.Contains(err.Error(), "big.jsonl") || !strings.Contains(err.Error(), "2") {
		t.Fatalf("AddFrom = %d, %v; want 1 and an error naming the file and line", n, err)
	}
}

func TestProfileStoreFile(t *testing.T) {
	dir := t.TempDir()
	s, err := NewStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(Profile{ID: "1", Description: strings.Repeat("x", 100<<10)}); err != nil {
		t.Fatal(err)
	}
	// Read back a record bigger than the write buffer, flushed by Lookup.
	if p := lookupOne(t, s, "1", ""); p == nil || len(p.Description) != 100<<10 {
		t.Fatal("large record not read back")
	}
	if fi, err := s.file.Stat(); err != nil || fi.Mode().Perm()&0o077 != 0 && runtime.GOOS != "windows" {
		t.Errorf("store file: %v, %v; want mode user-only", fi, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 && runtime.GOOS != "windows" {
		t.Errorf("store file has a name while open: %v", left)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("files left after Close: %v", left)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Lookup(context.Background(), []string{"1"}, nil); err == nil {
		t.Error("Lookup after Close succeeded")
	}
	if err := s.Add(Profile{ID: "2"}); err == nil {
		t.Error("Add after Close succeeded")
	}
}

func TestDecodeProfileDamaged(t *testing.T) {
	rec := appendProfile(nil, &Profile{ID: "1", ScreenName: "a", DescriptionURLs: []URLEntity{{URL: "u", ExpandedURL: "e", Start: 1, End: 2}}})
	for n := range len(rec) {
		if _, err := decodeProfile(rec[:n]); err == nil {
			t.Errorf("truncated to %d bytes: no error", n)
		}
	}
	if _, err := decodeProfile(append(rec, 0)); err == nil {
		t.Error("trailing byte: no error")
	}
}

// FuzzProfileRecord checks that any bytes decode without panicking and
// that whatever decodes encodes back to the same bytes.
func FuzzProfileRecord(f *testing.F) {
	f.Add(appendProfile(nil, &Profile{ID: "1", ScreenName: "a", PinnedURLs: []URLEntity{{URL: "u", ExpandedURL: "e", Start: 3, End: 9}}}))
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := decodeProfile(b)
		if err != nil {
			return
		}
		if again := appendProfile(nil, &p); string(again) != string(b) {
			// Non-minimal varints decode but encode shorter: compare values.
			q, err := decodeProfile(again)
			if err != nil || !reflect.DeepEqual(p, q) {
				t.Fatalf("round trip changed the profile: %+v vs %+v (%v)", p, q, err)
			}
		}
	})
}

func TestProfileStoreNoTempDir(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "gone")
	_, err := NewStore(missing)
	if err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "TMPDIR") {
		t.Errorf("error %v; want one naming %s and saying what to do", err, missing)
	}
}
