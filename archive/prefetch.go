package archive

import (
	"errors"
	"io"
	"sync"
)

// prefetchSize is the chunk a prefetchReader inflates ahead; prefetchDepth
// chunks may wait for the parser.
const (
	prefetchSize  = 256 << 10
	prefetchDepth = 2
	// prefetchMin is the smallest zip member worth a goroutine.
	prefetchMin = 4 << 20
)

// prefetchReader inflates a zip member on its own goroutine while the
// caller parses the previous chunk. Inflating costs about as much CPU as
// parsing, so when a second core is free the two overlap and the wall time
// of reading a large tweet file drops toward the larger of the two; the CPU
// spent stays the same (plus one copy of the bytes).
type prefetchReader struct {
	rc     io.ReadCloser
	chunks chan prefetchChunk
	free   chan []byte
	done   chan struct{}
	wg     sync.WaitGroup
	cur    []byte // unread part of the current chunk
	buf    []byte // the current chunk's buffer, to recycle
	err    error  // sticky error once the chunks are exhausted
	once   sync.Once
}

type prefetchChunk struct {
	b   []byte
	err error
}

func newPrefetchReader(rc io.ReadCloser) *prefetchReader {
	p := &prefetchReader{
		rc:     rc,
		chunks: make(chan prefetchChunk, prefetchDepth),
		free:   make(chan []byte, prefetchDepth+2),
		done:   make(chan struct{}),
	}
	p.wg.Add(1)
	go p.fill()
	return p
}

// fill runs on its own goroutine and is the only user of p.rc until Close.
func (p *prefetchReader) fill() {
	defer p.wg.Done()
	defer close(p.chunks)
	for {
		var buf []byte
		select {
		case buf = <-p.free:
		default:
			buf = make([]byte, prefetchSize)
		}
		n, err := io.ReadFull(p.rc, buf)
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = io.EOF // a short last chunk is the normal end
		}
		select {
		case p.chunks <- prefetchChunk{b: buf[:n], err: err}:
		case <-p.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (p *prefetchReader) Read(b []byte) (int, error) {
	for len(p.cur) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		if p.buf != nil {
			select {
			case p.free <- p.buf[:cap(p.buf)]:
			default:
			}
			p.buf = nil
		}
		c, ok := <-p.chunks
		if !ok {
			p.err = io.EOF
			continue
		}
		p.cur, p.buf, p.err = c.b, c.b, c.err
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

// Close stops the goroutine and closes the member.
func (p *prefetchReader) Close() error {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
	return p.rc.Close()
}
