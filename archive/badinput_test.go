package archive

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withFiles returns eraD with some files replaced (or removed when "").
func withFiles(over map[string]string) map[string]string {
	m := maps.Clone(eraD)
	for k, v := range over {
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return m
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notZip := filepath.Join(dir, "notes.zip")
	os.WriteFile(notZip, []byte("this is not a zip file at all"), 0o644)
	good := writeZip(t, eraD)
	data, _ := os.ReadFile(good)
	truncated := filepath.Join(dir, "truncated.zip")
	os.WriteFile(truncated, data[:len(data)/2], 0o644)
	other := writeZip(t, map[string]string{"photos/cat.jpg": "x", "readme.txt": "hello"})
	emptyDir := t.TempDir()

	tests := []struct{ name, path, err string }{
		{"missing", filepath.Join(dir, "nope.zip"), "no such file"},
		{"not a zip", notZip, "is not a complete zip archive"},
		{"truncated zip", truncated, "is not a complete zip archive"},
		{"zip of something else", other, "not a Twitter archive"},
		{"empty folder", emptyDir, "not a Twitter archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Open(tt.path)
			if err == nil {
				a.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), filepath.Base(tt.path)) {
				t.Fatalf("error %q should name %s and say %q", err, tt.path, tt.err)
			}
		})
	}
}

// tweetsErr runs Tweets and Inspect and returns their errors.
func tweetsErr(t *testing.T, files map[string]string) (error, error) {
	t.Helper()
	return tweetsErrAt(t, writeZip(t, files))
}

// tweetsErrAt is tweetsErr for an archive already written.
func tweetsErrAt(t *testing.T, p string) (error, error) {
	t.Helper()
	a := openT(t, p)
	var iterErr error
	for _, err := range a.Tweets(TweetOptions{}) {
		if err != nil {
			iterErr = err
		}
	}
	_, inspErr := a.Inspect(context.Background())
	return iterErr, inspErr
}

func TestBadTweetFiles(t *testing.T) {
	cut := eraD["data/tweets.js"][:900]
	tests := []struct {
		name, file, content, err string
	}{
		{"json cut mid-array", "data/tweets.js", cut, "data/tweets.js: record 1 (byte 30): file ends in the middle of the record"},
		{"not an assignment", "data/tweets-part1.js", `[ ]`, "data/tweets-part1.js: not a JavaScript data file"},
		{"code instead of data", "data/tweets-part1.js", `fetch("https://evil.example") ; x = [ ]`, "data/tweets-part1.js: not a JavaScript data file"},
		{"invalid utf-8", "data/tweets-part1.js", "window.YTD.tweets.part1 = [ { \"tweet\" : { \"id_str\" : \"1\", \"full_text\" : \"\xff\" } } ]", "data/tweets-part1.js: record 1 (byte 28)"},
		{"bad record", "data/tweets-part1.js", `window.YTD.tweets.part1 = [ { "tweet" : { "id_str" : "1", "created_at" : "never" } } ]`, `data/tweets-part1.js: record 1 (byte 28): tweet 1: unrecognised date "never"`},
		{"whitespace date (fuzz find)", "data/tweets-part1.js", `window.YTD.tweets.part1 = [ { "tweet" : { "id_str" : "5", "created_at" : " " } } ]`, `data/tweets-part1.js: record 1 (byte 28): tweet 5 has no created_at`},
		{"id 0 (fuzz find)", "data/tweets-part1.js", `window.YTD.tweets.part1 = [ {"id":"0","created_at":" "} ]`, `data/tweets-part1.js: record 1 (byte 28): tweet id 0 is not a real tweet id`},
		{"before Twitter", "data/tweets-part1.js", `window.YTD.tweets.part1 = [ { "tweet" : { "id_str" : "5", "created_at" : "Mon Mar 20 23:59:59 +0000 2006" } } ]`, `data/tweets-part1.js: record 1 (byte 28): tweet 5: created_at 2006-03-20T23:59:59Z is before Twitter existed`},
		{"year 1", "data/tweets-part1.js", `window.YTD.tweets.part1 = [ { "tweet" : { "id_str" : "5", "created_at" : "0001-01-01T00:00:00Z" } } ]`, `record 1 (byte 28): tweet 5: created_at 0001-01-01T00:00:00Z is before Twitter existed`},
		{"future", "data/tweets-part1.js", `window.YTD.tweets.part1 = [ { "tweet" : { "id_str" : "5", "created_at" : "Mon Jan 01 00:00:00 +0000 2200" } } ]`, `record 1 (byte 28): tweet 5: created_at 2200-01-01T00:00:00Z is in the future`},
		{"bad note", "data/note-tweet.js", `window.YTD.note_tweet.part0 = [ { "noteTweet" : { "noteTweetId" : "abc" } } ]`, `data/note-tweet.js: record 1 (byte 32): invalid noteTweetId "abc"`},
		{"bad account", "data/account.js", `window.YTD.account.part0 = [ { "account" : { "accountId" : "1", "createdAt" : "later" } } ]`, "data/account.js: record 1 (byte 29): createdAt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iterErr, inspErr := tweetsErr(t, withFiles(map[string]string{tt.file: tt.content}))
			for _, err := range []error{iterErr, inspErr} {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want it to contain %q", err, tt.err)
				}
			}
		})
	}
}

func TestBadSmallFiles(t *testing.T) {
	a := openT(t, writeZip(t, withFiles(map[string]string{
		"data/following.js": `window.YTD.following.part0 = [ { "follower" : { "accountId" : "1" } } ]`,
		"data/like.js":      `window.YTD.like.part0 = [ { "like" : { } } ]`,
	})))
	for _, err := range a.Accounts(KindFollowing) {
		if err == nil || !strings.Contains(err.Error(), `data/following.js: record 1 (byte 31): expected a "following" record`) {
			t.Errorf("following: %v", err)
		}
	}
	for _, err := range a.Likes() {
		if err == nil || !strings.Contains(err.Error(), "data/like.js: record 1") {
			t.Errorf("likes: %v", err)
		}
	}
	if _, err := a.Inspect(context.Background()); err == nil {
		t.Error("Inspect ignored a broken following.js")
	}
}

func TestMissingFilesAreEmpty(t *testing.T) {
	a := openT(t, writeZip(t, map[string]string{"data/manifest.js": eraD["data/manifest.js"]}))
	s, err := a.Inspect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The account comes from the manifest; every listed file is missing.
	if s.Account.ID != "100" || s.Tweets.Total != 0 || s.Following != 0 || s.Tweets.First != "" {
		t.Errorf("summary %+v", s)
	}
	if w := strings.Join(a.Warnings(), "\n"); !strings.Contains(w, "data/tweets-part1.js: listed in manifest.js but missing") {
		t.Errorf("warnings %q", w)
	}
	p, err := a.Profile()
	if err != nil || p != (Profile{}) {
		t.Errorf("profile %+v, %v", p, err)
	}
}

func TestDuplicateIDsDropped(t *testing.T) {
	a := openT(t, writeZip(t, eraD))
	s, err := a.Inspect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.Tweets.Total != 5 {
		t.Errorf("total %d", s.Tweets.Total)
	}
	if w := strings.Join(a.Warnings(), "\n"); !strings.Contains(w, "data/tweets.js: 1 duplicate tweet ids dropped") {
		t.Errorf("warnings %q", w)
	}
}

func TestUnsafeZipNames(t *testing.T) {
	files := withFiles(map[string]string{"../evil.js": "x", "/abs/evil.js": "x", `data\win.js`: "x", "data/./dot.js": "x"})
	a := openT(t, writeZip(t, files))
	w := strings.Join(a.Warnings(), "\n")
	for _, n := range []string{"../evil.js", "/abs/evil.js", `data\\win.js`} {
		if !strings.Contains(w, n) {
			t.Errorf("no warning for %q in %q", n, w)
		}
	}
	for _, n := range []string{"evil.js", "abs/evil.js", "../evil.js"} {
		if _, _, err := a.OpenFile(n); err == nil {
			t.Errorf("OpenFile(%q) reached an unsafe member", n)
		}
	}
	if _, err := a.Inspect(context.Background()); err != nil {
		t.Error(err)
	}
}

// TestInflatedBeyondDeclaredSize builds a member whose header declares 100
// bytes but which inflates to 3 MiB.
func TestInflatedBeyondDeclaredSize(t *testing.T) {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	io.WriteString(fw, "window.YTD.tweets.part0 = [ ")
	io.WriteString(fw, strings.Repeat(" ", 3<<20))
	io.WriteString(fw, "]")
	fw.Close()

	p := filepath.Join(t.TempDir(), "bomb.zip")
	f, _ := os.Create(p)
	zw := zip.NewWriter(f)
	for name, content := range map[string]string{"data/manifest.js": eraD["data/manifest.js"]} {
		w, _ := zw.Create(name)
		io.WriteString(w, content)
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "data/tweets.js", Method: zip.Deflate, CompressedSize64: uint64(comp.Len()), UncompressedSize64: 100})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	f.Close()

	a := openT(t, p)
	var got error
	for _, err := range a.Tweets(TweetOptions{}) {
		got = err
	}
	if got == nil || !strings.Contains(got.Error(), "data/tweets.js") {
		t.Fatalf("error %v", got)
	}
	if !errors.Is(got, zip.ErrFormat) && !strings.Contains(got.Error(), "declared size") {
		t.Errorf("error %v does not say the member is oversized or corrupt", got)
	}
}

func TestOpenNeitherFileNorFolder(t *testing.T) {
	if _, err := os.Stat("/dev/null"); err != nil {
		t.Skip("no /dev/null")
	}
	_, err := Open("/dev/null")
	if err == nil || !strings.Contains(err.Error(), "/dev/null: neither a zip file nor a folder") {
		t.Fatalf("error %v", err)
	}
}

func TestPartsInNumericOrder(t *testing.T) {
	rec := func(id string) string {
		return `window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "` + id + `", "created_at" : "Thu Mar 05 17:05:22 +0000 2026", "full_text" : "t" } } ]`
	}
	files := map[string]string{
		"data/account.js":        `window.YTD.account.part0 = [ { "account" : { "accountId" : "1" } } ]`,
		"data/tweets.js":         rec("10"),
		"data/tweets-part1.js":   rec("11"),
		"data/tweets-part2.js":   rec("12"),
		"data/tweets-part10.js":  rec("20"),
		"data/tweets-part3.js":   rec("13"),
		"data/tweets-headers.js": `window.YTD.x.part0 = [ ]`,
	}
	a := openT(t, writeDir(t, files))
	var ids []string
	for _, tw := range collect(t, a, TweetOptions{}) {
		ids = append(ids, tw.IDStr)
	}
	if strings.Join(ids, ",") != "10,11,12,13,20" {
		t.Errorf("archive order %v", ids)
	}
}
