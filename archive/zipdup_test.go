package archive

import (
	"archive/zip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// writeZipEntries writes the entries in order, duplicates included.
func writeZipEntries(t *testing.T, entries [][2]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "dup.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// TestZipDuplicateMembers: a zip storing a data file twice is refused,
// naming the member and what to do (readers disagree on which copy wins:
// the account became another name); a duplicated media file is a warning.
func TestZipDuplicateMembers(t *testing.T) {
	base := func(extra ...[2]string) [][2]string {
		names := make([]string, 0, len(eraD))
		for n := range eraD {
			names = append(names, n)
		}
		sort.Strings(names)
		var out [][2]string
		for _, n := range names {
			out = append(out, [2]string{n, eraD[n]})
		}
		return append(out, extra...)
	}
	other := strings.Replace(eraD["data/account.js"], `"username" : "me"`, `"username" : "someone_else"`, 1)
	tests := []struct {
		name, err, warn string
		entries         [][2]string
	}{
		{"account.js twice", "the zip holds more than one copy of data/account.js (2 copies): it was changed after it was made, and fledge will not guess which copy is real; download the archive again, or remove the extra copies", "", base([2]string{"data/account.js", other})},
		{"tweets.js three times", "data/tweets.js (3 copies)", "", base([2]string{"data/tweets.js", eraD["data/tweets.js"]}, [2]string{"data/tweets.js", eraD["data/tweets.js"]})},
		{"media twice", "", "the zip holds 2 copies of data/tweets_media/1700000000000000010-AAA.jpg; the last one is used", base([2]string{"data/tweets_media/1700000000000000010-AAA.jpg", "jpg"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Open(writeZipEntries(t, tt.entries))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "dup.zip") {
					t.Fatalf("error %v, want %q naming the zip", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if w := strings.Join(a.Warnings(), "\n"); !strings.Contains(w, tt.warn) {
				t.Errorf("warnings %q lack %q", w, tt.warn)
			}
		})
	}
}
