//go:build unix

package archive

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestIrregularDataFiles: a folder archive whose tweets.js is a named pipe
// or a symbolic link leading out of the folder reports it, naming the
// file and what to do, instead of reading 0 tweets; a FIFO never hangs
// the program; a link to a file inside the folder is read.
func TestIrregularDataFiles(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "elsewhere.js")
	if err := os.WriteFile(outside, []byte(eraD["data/tweets.js"]), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		file     string
		make     func(t *testing.T, p string)
		err      string // from Tweets and Inspect; "" for none
		warn     string
		tweetsOK bool
	}{
		{"tweets.js fifo", "data/tweets.js", mkfifo, "data/tweets.js is a named pipe (FIFO), not a regular file, so it was not read: replace it with the file itself (from the downloaded .zip), or give fledge the .zip", "", false},
		{"tweets.js link out of the folder", "data/tweets.js", symlinkTo(outside), "data/tweets.js is a symbolic link to a file outside the archive folder or to nothing", "", false},
		{"tweets.js dangling link", "data/tweets.js", symlinkTo("nowhere.js"), "data/tweets.js is a symbolic link to a file outside the archive folder or to nothing", "", false},
		{"tweets.js link inside the folder", "data/tweets.js", symlinkTo("real-tweets.js"), "", "", true},
		{"like.js fifo", "data/like.js", mkfifo, "", "data/like.js is a named pipe (FIFO)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := withFiles(map[string]string{"data/real-tweets.js": eraD["data/tweets.js"]})
			delete(files, tt.file)
			dir := writeDir(t, files)
			tt.make(t, filepath.Join(dir, filepath.FromSlash(tt.file)))
			done := make(chan struct{})
			var iterErr, inspErr error
			var a *Archive
			go func() {
				defer close(done)
				var err error
				if a, err = Open(dir); err != nil {
					iterErr, inspErr = err, err
					return
				}
				for _, err := range a.Tweets(TweetOptions{}) {
					if err != nil {
						iterErr = err
					}
				}
				for range a.Likes() {
				}
				_, inspErr = a.Inspect(context.Background())
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("reading the archive hangs")
			}
			if a != nil {
				defer a.Close()
			}
			for _, err := range []error{iterErr, inspErr} {
				if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
					t.Errorf("error %v, want %q", err, tt.err)
				}
			}
			if tt.warn != "" && a != nil && !strings.Contains(strings.Join(a.Warnings(), "\n"), tt.warn) {
				t.Errorf("warnings %q lack %q", a.Warnings(), tt.warn)
			}
			if tt.tweetsOK && a != nil {
				if n := len(collect(t, a, TweetOptions{})); n == 0 {
					t.Error("no tweets read")
				}
			}
		})
	}
}

func mkfifo(t *testing.T, p string) {
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

func symlinkTo(target string) func(t *testing.T, p string) {
	return func(t *testing.T, p string) {
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("symlink: %v", err)
		}
	}
}
