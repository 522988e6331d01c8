package archivetest

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// zipTime is the modification time of every zip entry, fixed so the output
// is reproducible byte for byte.
var zipTime = time.Date(2026, 3, 6, 13, 15, 31, 0, time.UTC)

// out receives the archive's files one after another, into a zip or a folder.
type out struct {
	prefix string // extra top folder, "" or "name/"
	zf     *os.File
	zw     *zip.Writer
	dir    string
	bw     *bufio.Writer
	buf    *bufio.Writer // reused by file when not piping
	// written is the total size of the files so far (manifest sizeBytes).
	written int64
}

func openOut(path string, asZip bool, prefix string) (*out, error) {
	o := &out{prefix: prefix}
	if !asZip {
		if err := os.MkdirAll(path, 0o755); err != nil {
			return nil, fmt.Errorf("archivetest: create folder: %w", err)
		}
		o.dir = path
		return o, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("archivetest: create zip: %w", err)
	}
	o.zf = f
	o.bw = bufio.NewWriterSize(f, 256<<10)
	o.zw = zip.NewWriter(o.bw)
	// Speed over ratio: a 100,000-tweet archive must be generated in seconds.
	o.zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	return o, nil
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// file writes one file through fill and returns its size. store keeps the
// entry uncompressed (media files).
func (o *out) file(name string, store bool, fill func(w *bufio.Writer)) (int64, error) {
	full := o.prefix + name
	var dst io.Writer
	var f *os.File
	if o.zw != nil {
		method := zip.Deflate
		if store {
			method = zip.Store
		}
		zfw, err := o.zw.CreateHeader(&zip.FileHeader{Name: full, Method: method, Modified: zipTime})
		if err != nil {
			return 0, fmt.Errorf("archivetest: add %s: %w", full, err)
		}
		dst = zfw
	} else {
		p := filepath.Join(o.dir, filepath.FromSlash(full))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, fmt.Errorf("archivetest: create %s: %w", full, err)
		}
		var err error
		if f, err = os.Create(p); err != nil {
			return 0, fmt.Errorf("archivetest: create %s: %w", full, err)
		}
		dst = f
	}
	var n int64
	var err error
	if o.zw != nil && !store {
		n, err = pipeFill(dst, fill)
	} else {
		c := &counter{w: dst}
		if o.buf == nil {
			o.buf = bufio.NewWriterSize(c, 64<<10)
		}
		// One buffer for all direct writes: thousands of media files would
		// otherwise allocate 64 KiB each.
		w := o.buf
		w.Reset(c)
		fill(w)
		n, err = c.n, w.Flush()
	}
	if f != nil {
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		return 0, fmt.Errorf("archivetest: write %s: %w", full, err)
	}
	o.written += n
	return n, nil
}

func (o *out) close() error {
	if o.zw == nil {
		return nil
	}
	err := o.zw.Close()
	err = errors.Join(err, o.bw.Flush(), o.zf.Close())
	if err != nil {
		return fmt.Errorf("archivetest: finish zip: %w", err)
	}
	return nil
}

// abort closes whatever is open after a failure; the partial output stays.
func (o *out) abort() {
	if o.zf != nil {
		o.zf.Close()
	}
}

// pipeFill runs fill in its own goroutine while the caller compresses what
// it has produced so far: generating JSON and deflating it overlap, which
// nearly halves the time of a big archive on two cores.
func pipeFill(dst io.Writer, fill func(w *bufio.Writer)) (int64, error) {
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		w := bufio.NewWriterSize(pw, 64<<10)
		fill(w)
		pw.CloseWithError(w.Flush()) // nil closes with io.EOF
	}()
	n, err := io.Copy(dst, pr)
	// Unblocks the producer if copying failed; its writes then fail fast.
	pr.CloseWithError(io.ErrClosedPipe)
	<-done
	return n, err
}
