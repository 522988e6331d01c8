package preview

import (
	"context"
	"errors"
	"runtime"
	"sync"
)

// maxThumbWorkers bounds the thumbnail workers whatever the core count:
// each may hold a decoded photo (tens of megabytes for a 4096 px one).
const maxThumbWorkers = 8

// thumbResult is one made thumbnail, or why there is none.
type thumbResult struct {
	uri  string
	w, h int
	err  error
	slot bool // made by a worker holding a slot
}

// thumbPool makes the thumbnails of files on every core (up to
// maxThumbWorkers), ahead of the page but at most one per worker ahead
// of it, and hands them back in the order of files, so the page and its
// budget come out as if they were made one by one.
type thumbPool struct {
	results []chan thumbResult
	slots   chan struct{}
	done    chan struct{}
	wg      sync.WaitGroup
	next    int
	once    sync.Once
}

func newThumbPool(ctx context.Context, t *thumbnailer, files []string) *thumbPool {
	workers := min(runtime.GOMAXPROCS(0), maxThumbWorkers)
	p := &thumbPool{results: make([]chan thumbResult, len(files)), slots: make(chan struct{}, workers), done: make(chan struct{})}
	for i := range p.results {
		p.results[i] = make(chan thumbResult, 1)
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for i, f := range files {
			stopped := func() bool {
				select {
				case p.slots <- struct{}{}:
				case <-p.done:
					return true
				case <-ctx.Done():
					return true
				}
				if ctx.Err() != nil {
					<-p.slots // the page stops at the context too
					return true
				}
				return false
			}()
			if stopped {
				// Whatever the page still takes gets an answer at once.
				for j := i; j < len(files); j++ {
					p.results[j] <- thumbResult{err: errors.New("stopped")}
				}
				return
			}
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				r := thumbResult{slot: true}
				r.uri, r.w, r.h, r.err = t.make(f)
				p.results[i] <- r
			}()
		}
	}()
	return p
}

// take returns the next file's thumbnail, waiting for it.
func (p *thumbPool) take() thumbResult {
	r := <-p.results[p.next]
	p.results[p.next] = nil
	p.next++
	if r.slot {
		<-p.slots
	}
	return r
}

// stop ends the pool and waits for its workers.
func (p *thumbPool) stop() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}
