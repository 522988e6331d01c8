package archive

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// Hostile archives are generated, never committed: deflate turns hundreds
// of megabytes of one repeated byte into a few hundred kilobytes.

// HostileKind selects what WriteHostileZip puts in data/tweets.js.
type HostileKind int

const (
	// HostileString is one tweet whose full_text is n bytes long.
	HostileString HostileKind = iota
	// HostileBlank is two tweets with n bytes of whitespace between them.
	HostileBlank
)

const hostileTweet = `{"tweet":{"id_str":"%d","created_at":"Thu Mar 05 17:05:22 +0000 2026","full_text":"%s"}}`

// WriteHostileZip writes an era-D zip at path whose tweets.js is hostile
// as kind says, streaming (it never holds n bytes). Exported for the RSS
// test in package archive_test.
func WriteHostileZip(path string, kind HostileKind, n int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	names := make([]string, 0, len(eraD))
	for name := range eraD {
		if !strings.HasPrefix(name, "data/tweets") && name != "data/note-tweet.js" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, eraD[name]); err != nil {
			return err
		}
	}
	zf, err := zw.Create("data/tweets.js")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(zf, 1<<20)
	fill := func(c byte) {
		buf := []byte(strings.Repeat(string(c), 1<<20))
		for left := n; left > 0; left -= int64(len(buf)) {
			w.Write(buf[:min(left, int64(len(buf)))])
		}
	}
	io.WriteString(w, "window.YTD.tweets.part0 = [ ")
	switch kind {
	case HostileString:
		head, tail, _ := strings.Cut(fmt.Sprintf(hostileTweet, 1500000000000000001, "\x00"), "\x00")
		io.WriteString(w, head)
		fill('a')
		io.WriteString(w, tail)
	case HostileBlank:
		fmt.Fprintf(w, hostileTweet+",", 1500000000000000001, "first")
		fill(' ')
		fmt.Fprintf(w, hostileTweet, 1500000000000000002, "second")
	}
	io.WriteString(w, " ]")
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// hostileBlankSize is the whitespace of the quick test: well past the
// record cap and the decoder's buffer, small enough for -race.
const hostileBlankSize = 64 << 20

func TestHostileLongString(t *testing.T) {
	p := t.TempDir() + "/string.zip"
	if err := WriteHostileZip(p, HostileString, 4*maxRecord); err != nil {
		t.Fatal(err)
	}
	a := openT(t, p)
	before := totalAlloc()
	var got error
	n := 0
	for _, err := range a.Tweets(TweetOptions{}) {
		if err != nil {
			got = err
			break
		}
		n++
	}
	var big *RecordTooLargeError
	if !errors.As(got, &big) || big.File != "data/tweets.js" || big.Record != 1 {
		t.Fatalf("error %v (after %d tweets), want a RecordTooLargeError for data/tweets.js record 1", got, n)
	}
	for _, want := range []string{"data/tweets.js: record 1 (byte 28) is larger than 16 MiB"} {
		if !strings.Contains(got.Error(), want) {
			t.Errorf("error %q does not contain %q", got, want)
		}
	}
	// The decoder's buffer grows by doubling up to the cap (about four
	// times the cap allocated in all), never to the whole record.
	if alloc := totalAlloc() - before; alloc > 5*maxRecord {
		t.Errorf("reading allocated %d MB", alloc>>20)
	}
	if _, err := a.Inspect(t.Context()); !errors.As(err, &big) {
		t.Errorf("Inspect: %v, want the record error", err)
	}
}

func TestHostileWhitespace(t *testing.T) {
	p := t.TempDir() + "/blank.zip"
	if err := WriteHostileZip(p, HostileBlank, hostileBlankSize); err != nil {
		t.Fatal(err)
	}
	a := openT(t, p)
	before := totalAlloc()
	var tweets []*Tweet
	for _, tw := range collect(t, a, TweetOptions{}) {
		if tw.Source == "data/tweets.js" {
			tweets = append(tweets, tw)
		}
	}
	if alloc := totalAlloc() - before; alloc > 16<<20 {
		t.Errorf("skipping %d MB of whitespace allocated %d MB", hostileBlankSize>>20, alloc>>20)
	}
	if len(tweets) != 2 || tweets[0].Text != "first" || tweets[1].Text != "second" {
		t.Fatalf("got %d tweets: %+v", len(tweets), tweets)
	}
}

// TestGuardOffsets checks that error offsets are those of the file even
// after whitespace was dropped.
func TestGuardOffsets(t *testing.T) {
	blank := strings.Repeat(" ", 3*maxBlank)
	content := "window.YTD.tweets.part0 = [ " + fmt.Sprintf(hostileTweet, 1500000000000000001, "ok") + "," + blank + `{"tweet":{"id_str":"2","created_at":"never"}} ]`
	want := fmt.Sprintf("record 2 (byte %d)", strings.Index(content, `{"tweet":{"id_str":"2"`))
	iterErr, inspErr := tweetsErr(t, withFiles(map[string]string{"data/tweets.js": content, "data/tweets-part1.js": ""}))
	for _, err := range []error{iterErr, inspErr} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to contain %q", err, want)
		}
	}
}

func totalAlloc() int64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.TotalAlloc)
}
