package main

import (
	"fmt"
	"io"
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
	pr, pw := io.Pipe()
	o := &outputFile{pw: pw, done: make(chan error, 1)}
	go func() {
		err := atomicfile.Write(name, 0o644, func(w io.Writer) error {
			_, err := io.Copy(w, pr)
			return err
		})
		// A writer still writing learns why the file failed.
		pr.CloseWithError(err)
		o.done <- err
	}()
	return o
}

func (o *outputFile) Write(p []byte) (int, error) { return o.pw.Write(p) }

// Close puts the file in place and reports whether that worked.
func (o *outputFile) Close() error {
	_ = o.pw.Close()
	return <-o.done
}

// Abort drops what was written: the name keeps its old content, if any.
func (o *outputFile) Abort(cause error) {
	_ = o.pw.CloseWithError(cause)
	<-o.done
}
