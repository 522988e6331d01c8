package archive

import (
	"context"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// memStorage is an in-memory storage for fuzzing the file readers without
// building a zip per input.
type memStorage map[string]string

func (m memStorage) open(name string) (io.ReadCloser, int64, error) {
	c, ok := m[name]
	if !ok {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return io.NopCloser(strings.NewReader(c)), int64(len(c)), nil
}

func (m memStorage) exists(name string) bool            { _, ok := m[name]; return ok }
func (m memStorage) irregular(string) map[string]string { return nil }

func (m memStorage) list(dir string) (files, dirs []string) {
	for n := range m {
		if path.Dir(n) == dir || dir == "" && !strings.Contains(n, "/") {
			files = append(files, path.Base(n))
		}
	}
	sort.Strings(files)
	return files, nil
}

func (m memStorage) close() error { return nil }

// FuzzSmallFiles feeds one input to every reader of the small data files
// (account, profile, relations, lists, likes, renames, notes, manifest).
func FuzzSmallFiles(f *testing.F) {
	for _, name := range []string{"data/account.js", "data/profile.js", "data/following.js", "data/like.js",
		"data/lists-created.js", "data/screen-name-change.js", "data/note-tweet.js", "data/manifest.js"} {
		f.Add(eraD[name])
	}
	f.Add(eraB["lists-created.js"])
	f.Add(`window.YTD.x.part0 = [ { "like" : { "tweetId" : 5 } }, { "following" : null } ]`)
	f.Add(`window.YTD.protected_history.part0 = [ { "protectedHistory" : { "protectedAt" : "2023-12-01T00:00:00.000Z", "action" : "Unprotect" } }, { "protectedAt" : "1534138567670", "action" : "Protect" } ]`)
	f.Add(`window.YTD.twitter_circle_tweet.part0 = [ { "tweet" : { "id" : "17", "id_str" : "" } }, { "tweet_id" : 5 } ]`)
	files := []string{"account.js", "profile.js", "following.js", "like.js", "lists-created.js", "screen-name-change.js", "note-tweet.js",
		"protected-history.js", "twitter-circle-tweet.js", "deleted-tweet-headers.js"}
	f.Fuzz(func(t *testing.T, src string) {
		store := memStorage{}
		for _, n := range files {
			store["data/"+n] = src
		}
		a := &Archive{path: "mem", store: store, format: FormatGDPR, root: "data"}
		named := func(err error) {
			// The archive's path, then the file inside it.
			if err != nil && !regexp.MustCompile(`^mem: data/[\w.-]+(: | is )`).MatchString(err.Error()) {
				t.Fatalf("error does not name the archive and the file: %v", err)
			}
		}
		_, err := a.Account()
		named(err)
		_, err = a.Profile()
		named(err)
		for _, err := range a.Accounts(KindFollowing) {
			named(err)
		}
		for _, err := range a.Likes() {
			named(err)
		}
		for _, err := range a.Lists() {
			named(err)
		}
		for _, err := range a.ScreenNameChanges() {
			named(err)
		}
		notes, err := a.loadNotes()
		notes.close()
		named(err)
		var m manifest
		// readObject knows only the file, not the archive.
		if err := readObject("data/manifest.js", strings.NewReader(src), &m); err != nil && !strings.HasPrefix(err.Error(), "data/manifest.js: ") && !strings.HasPrefix(err.Error(), "data/manifest.js is ") {
			t.Fatalf("error does not name the file: %v", err)
		}
		au, err := a.loadAudience()
		named(err)
		if au != nil {
			for _, p := range au.protected {
				if !p.to.IsZero() && !p.from.Before(p.to) {
					t.Fatalf("protected period %v … %v is empty or reversed", p.from, p.to)
				}
			}
			if au.circle.has(0) {
				t.Fatal("circle tweet id 0 accepted")
			}
		}
		s, err := a.Inspect(context.Background())
		named(err)
		if m := s.Media; err == nil && m.Referenced != m.Present+m.Missing {
			t.Fatalf("media referenced %d != present %d + missing %d", m.Referenced, m.Present, m.Missing)
		}
	})
}
