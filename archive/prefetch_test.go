package archive

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
	"testing/iotest"
	"time"
)

type closeCounter struct {
	io.Reader
	closed int
}

func (c *closeCounter) Close() error { c.closed++; return nil }

func TestPrefetchReader(t *testing.T) {
	for _, size := range []int{0, 1, prefetchSize - 1, prefetchSize, prefetchSize + 1, 5*prefetchSize + 17} {
		data := make([]byte, size)
		r := rand.New(rand.NewPCG(1, uint64(size)))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		src := &closeCounter{Reader: iotest.HalfReader(bytes.NewReader(data))}
		p := newPrefetchReader(src)
		got, err := io.ReadAll(iotest.OneByteReader(io.LimitReader(p, int64(size)+1)))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("size %d: read %d bytes, err %v", size, len(got), err)
		}
		if err := p.Close(); err != nil || src.closed != 1 {
			t.Fatalf("size %d: close %v, closed %d times", size, err, src.closed)
		}
	}
}

func TestPrefetchReaderError(t *testing.T) {
	boom := errors.New("boom")
	src := &closeCounter{Reader: io.MultiReader(bytes.NewReader(make([]byte, prefetchSize+5)), iotest.ErrReader(boom))}
	p := newPrefetchReader(src)
	defer p.Close()
	n, err := io.Copy(io.Discard, p)
	if !errors.Is(err, boom) || n != prefetchSize+5 {
		t.Fatalf("copied %d, err %v", n, err)
	}
	if _, err := p.Read(make([]byte, 1)); !errors.Is(err, boom) {
		t.Fatalf("error not sticky: %v", err)
	}
}

func TestPrefetchReaderEarlyClose(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 20 {
		p := newPrefetchReader(io.NopCloser(bytes.NewReader(make([]byte, 10*prefetchSize))))
		p.Read(make([]byte, 10))
		p.Close()
	}
	// Close waits for the goroutine, so none may be left.
	for i := 0; runtime.NumGoroutine() > before && i < 2000; i++ {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left, %d before", n, before)
	}
}
