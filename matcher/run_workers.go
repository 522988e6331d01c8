package matcher

import (
	"context"
	"sync"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// matchPool is the pipeline's workers. They match the accounts of the
// batches submitted, a batch's accounts all handed out before the next
// batch's, each result landing in its batch's slot so the pipeline can
// emit them in input order.
type matchPool struct {
	ctx     context.Context
	cancel  context.CancelFunc
	p       *Pipeline
	batches chan []func() // room for the two batches the pipeline holds
	jobs    chan func()
	feeder  sync.WaitGroup
	workers sync.WaitGroup
}

// pendingBatch is a submitted batch: results[i] is valid once ready[i]
// is closed.
type pendingBatch struct {
	results []Match
	ready   []chan struct{}
}

func newMatchPool(ctx context.Context, p *Pipeline, workers int) *matchPool {
	ctx, cancel := context.WithCancel(ctx)
	m := &matchPool{ctx: ctx, cancel: cancel, p: p, batches: make(chan []func(), 2), jobs: make(chan func())}
	for range workers {
		m.workers.Go(func() {
			for job := range m.jobs {
				job()
			}
		})
	}
	m.feeder.Go(func() {
		for jobs := range m.batches {
			for _, job := range jobs {
				select {
				case m.jobs <- job:
				case <-ctx.Done():
					return
				}
			}
		}
	})
	return m
}

// submit hands a batch whose profiles were looked up (nil where none was
// found) to the workers. The caller holds at most two batches that are
// not fully emitted, so it never waits.
func (m *matchPool) submit(batch []profiles.AccountRef, found []*profiles.Profile) *pendingBatch {
	b := &pendingBatch{results: make([]Match, len(batch)), ready: make([]chan struct{}, len(batch))}
	jobs := make([]func(), len(batch))
	for i, a := range batch {
		b.ready[i] = make(chan struct{})
		prof := found[i]
		jobs[i] = func() {
			b.results[i] = m.p.matchOne(m.ctx, a, prof)
			close(b.ready[i])
		}
	}
	m.batches <- jobs
	return b
}

// close stops the workers, abandoning the accounts not yet started, and
// waits for them.
func (m *matchPool) close() {
	m.cancel()
	close(m.batches)
	m.feeder.Wait()
	close(m.jobs)
	m.workers.Wait()
}
