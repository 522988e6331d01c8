package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fledge-cli/fledge/internal/atomicfile"
)

// outputFile is an -o file that appears only when complete: writes stream
// into a temporary file beside it, Close renames that over the name, and
// Abort (or a failed write, a full disk) leaves the name as it was. A
// truncated matches file would otherwise be read later by fledge follow,
// which rejects it, or worse, follows only part of the list.
type outputFile struct {
	pw   *io.PipeWriter
	done chan error
	werr error // the first failed Write: Close then drops the file
}

// checkOutputFile fails at once, not after a long run, when name could
// not be written: its folder is missing or not writable.
func checkOutputFile(name string) error {
	probe, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	_ = probe.Close()
	return os.Remove(probe.Name())
}

func createOutputFile(name string) *outputFile {
	return createOutputFileWith(name, atomicfile.Write)
}

// createOutputFileWith writes through write, atomicfile.Write's shape (a
// test passes one whose disk fills up).
func createOutputFileWith(name string, write func(string, fs.FileMode, func(io.Writer) error) error) *outputFile {
	pr, pw := io.Pipe()
	o := &outputFile{pw: pw, done: make(chan error, 1)}
	go func() {
		err := write(name, 0o644, func(w io.Writer) error {
			_, err := io.Copy(w, pr)
			return err
		})
		// A writer still writing learns why the file failed.
		pr.CloseWithError(err)
		o.done <- err
	}()
	return o
}

func (o *outputFile) Write(p []byte) (int, error) {
	n, err := o.pw.Write(p)
	if err != nil && o.werr == nil {
		o.werr = err
	}
	return n, err
}

// Close puts the file in place and reports whether that worked. After a
// failed Write it drops the file instead: writers that close whatever
// happened (the exports, the directory pages) never put a partial file in
// place.
func (o *outputFile) Close() error {
	if o.werr != nil {
		o.Abort(o.werr)
		return o.werr
	}
	_ = o.pw.Close()
	return <-o.done
}

// Abort drops what was written: the name keeps its old content, if any.
func (o *outputFile) Abort(cause error) {
	_ = o.pw.CloseWithError(cause)
	<-o.done
}
