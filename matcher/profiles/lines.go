package profiles

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// LineReader hands out lines with their 1-based numbers and refuses lines
// longer than a limit, so a file without newlines cannot make a reader
// buffer it whole. The --profiles and --handles readers share it.
type LineReader struct {
	br   *bufio.Reader
	max  int
	n    int
	long []byte
}

// NewLineReader reads lines of at most max bytes from br.
func NewLineReader(br *bufio.Reader, max int) *LineReader {
	return &LineReader{br: br, max: max}
}

// Next returns the next line with its newline, and its number. At the end
// of the input the error is io.EOF; a line over the limit is an error
// naming the limit. The line is valid until the next call.
func (l *LineReader) Next() ([]byte, int, error) {
	l.n++
	l.long = l.long[:0]
	for {
		chunk, err := l.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			l.long = append(l.long, chunk...)
			if len(l.long) > l.max {
				return nil, l.n, fmt.Errorf("line longer than %d bytes", l.max)
			}
			continue
		}
		if len(l.long) > 0 {
			l.long = append(l.long, chunk...)
			chunk = l.long
		}
		if len(chunk) > l.max {
			return nil, l.n, fmt.Errorf("line longer than %d bytes", l.max)
		}
		if err != nil {
			if errors.Is(err, io.EOF) && len(chunk) > 0 {
				return chunk, l.n, nil
			}
			return nil, l.n, err
		}
		return chunk, l.n, nil
	}
}
