package archivetest

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"strings"
)

// HostileKind selects what WriteHostile puts in data/tweets.js.
type HostileKind int

const (
	// HostileString is one tweet whose full_text is n bytes long.
	HostileString HostileKind = iota
	// HostileBlank is two tweets with n bytes of whitespace between them.
	HostileBlank
)

const hostileTweet = `{"tweet":{"id_str":"%d","created_at":"Thu Mar 05 17:05:22 +0000 2026","full_text":"%s"}}`

// HostileAccount is data/account.js of a hostile archive.
const HostileAccount = `window.YTD.account.part0 = [ { "account" : { "username" : "me", "accountId" : "100", "createdAt" : "2015-03-30T10:38:02.103Z", "accountDisplayName" : "Me" } } ]`

// WriteHostile writes a current-era zip at path whose data/tweets.js is
// hostile as kind says: deflate makes hundreds of megabytes of one byte a
// few hundred kilobytes, which is how such an archive takes a machine's
// memory. It streams, never holding n bytes. The tweets' texts are
// "first" and "second" (HostileBlank).
func WriteHostile(path string, kind HostileKind, n int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	aw, err := zw.Create("data/account.js")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(aw, HostileAccount); err != nil {
		return err
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
	default:
		return fmt.Errorf("unknown hostile kind %d", kind)
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
