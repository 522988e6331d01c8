package matcher

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// gateVerifier reports a request concurrency like *Verifier and holds
// every VerifyAll call until `gate` calls are in flight at once (or a
// generous deadline passes), so a test can see how many accounts the
// pipeline really works on together. Later calls finish in an order
// unrelated to the input.
type gateVerifier struct {
	concurrency, gate int

	mu       sync.Mutex
	inflight int
	peak     int
	opened   chan struct{}
	once     sync.Once
	expired  <-chan struct{} // the deadline for everyone, on failure only
	calls    atomic.Int64
}

func (g *gateVerifier) Concurrency() int { return g.concurrency }

func (g *gateVerifier) VerifyAll(_ context.Context, cands []Candidate, _ string) []Candidate {
	g.mu.Lock()
	g.inflight++
	g.peak = max(g.peak, g.inflight)
	if g.inflight >= g.gate {
		g.once.Do(func() { close(g.opened) })
	}
	g.mu.Unlock()
	select {
	case <-g.opened:
	case <-g.expired:
	}
	// Finish out of order: later accounts of a round often first.
	if n := g.calls.Add(1); n%7 == 0 {
		time.Sleep(time.Millisecond)
	}
	g.mu.Lock()
	g.inflight--
	g.mu.Unlock()
	out := make([]Candidate, len(cands))
	for i, c := range cands {
		c.Status = StatusVerified
		out[i] = c
	}
	return out
}

func (g *gateVerifier) ReverseLookup(context.Context, *profiles.Profile, []string) []Candidate {
	return nil
}

// countingSource counts the accounts it was asked for.
type countingSource struct {
	ProfileSource
	asked     atomic.Int64
	mostAsked atomic.Int64
}

func (c *countingSource) Lookup(ctx context.Context, ids, names []string) ([]profiles.Profile, error) {
	n := int64(len(ids) + len(names))
	c.asked.Add(n)
	if n > c.mostAsked.Load() {
		c.mostAsked.Store(n)
	}
	return c.ProfileSource.Lookup(ctx, ids, names)
}

func TestRunWorkersFollowVerifierConcurrency(t *testing.T) {
	const n, batch, concurrency = 400, 100, 24
	var accts []profiles.AccountRef
	var profs []profiles.Profile
	for i := range n {
		id := fmt.Sprint(5000 + i)
		accts = append(accts, profiles.AccountRef{ID: id})
		profs = append(profs, profiles.Profile{ID: id, ScreenName: "u" + id, Description: fmt.Sprintf("@u%d@h%d.example.com", i, i%40)})
	}
	deadline, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	v := &gateVerifier{concurrency: concurrency, gate: workersPerRequest * concurrency, opened: make(chan struct{}), expired: deadline.Done()}
	src := &countingSource{ProfileSource: profiles.NewStaticSource(profs)}
	p := NewPipeline(RunConfig{Accounts: accts, Sources: []ProfileSource{src}, Verifier: v, BatchSize: batch, NoReverse: true})
	if p.cfg.Workers != workersPerRequest*concurrency {
		t.Fatalf("workers %d, want %d for a verifier allowing %d requests", p.cfg.Workers, workersPerRequest*concurrency, concurrency)
	}

	emitted := 0
	for m, err := range p.Run(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if m.TwitterID != accts[emitted].ID {
			t.Fatalf("position %d: %s, want %s", emitted, m.TwitterID, accts[emitted].ID)
		}
		if len(m.Handles) != 1 {
			t.Fatalf("%s: handles %v", m.TwitterID, m.Handles)
		}
		emitted++
		// Bounded memory: profiles are fetched a batch at a time, the
		// next while this one is matched, never a third.
		if ahead := src.asked.Load() - int64(emitted); ahead >= 2*batch {
			t.Fatalf("%d accounts fetched but not yet emitted, want under %d", ahead, 2*batch)
		}
	}
	if emitted != n {
		t.Fatalf("%d matches, want %d", emitted, n)
	}
	select {
	case <-v.opened:
	default:
		t.Errorf("never %d accounts verified at once (peak %d)", v.gate, v.peak)
	}
	if v.peak > p.cfg.Workers {
		t.Errorf("peak %d accounts verified at once, more than %d workers", v.peak, p.cfg.Workers)
	}
	if got := src.mostAsked.Load(); got > batch {
		t.Errorf("a source was asked for %d accounts at once, batch is %d", got, batch)
	}
}

func TestDefaultWorkers(t *testing.T) {
	for _, tc := range []struct {
		v    CandidateVerifier
		want int
	}{
		{nil, 32},
		{&fakeVerifier{}, 32},
		{NewVerifier(VerifyOptions{}), workersPerRequest * DefaultConcurrency},
		{NewVerifier(VerifyOptions{Concurrency: 5}), workersPerRequest * 5},
	} {
		if got := defaultWorkers(tc.v); got != tc.want {
			t.Errorf("%T: %d workers, want %d", tc.v, got, tc.want)
		}
	}
	// Batches grow with the workers, so all of them have work.
	p := NewPipeline(RunConfig{Verifier: NewVerifier(VerifyOptions{Concurrency: 400})})
	if p.cfg.BatchSize < p.cfg.Workers {
		t.Errorf("batch %d smaller than %d workers", p.cfg.BatchSize, p.cfg.Workers)
	}
	if p := NewPipeline(RunConfig{}); p.cfg.BatchSize != 500 {
		t.Errorf("default batch %d, want 500", p.cfg.BatchSize)
	}
}

// stuckVerifier holds the first account's verification until an account
// of the next batch has been verified, as a host timing out would.
type stuckVerifier struct {
	first, later string
	released     chan struct{}
	once         sync.Once
	expired      <-chan struct{}
	timedOut     atomic.Bool
}

func (v *stuckVerifier) VerifyAll(_ context.Context, cands []Candidate, screenName string) []Candidate {
	switch screenName {
	case v.first:
		select {
		case <-v.released:
		case <-v.expired:
			v.timedOut.Store(true)
		}
	case v.later:
		v.once.Do(func() { close(v.released) })
	}
	return cands
}

func (v *stuckVerifier) ReverseLookup(context.Context, *profiles.Profile, []string) []Candidate {
	return nil
}

func TestRunSlowAccountDoesNotStallNextBatch(t *testing.T) {
	const n, batch = 30, 10
	var accts []profiles.AccountRef
	var profs []profiles.Profile
	for i := range n {
		id := fmt.Sprint(100 + i)
		accts = append(accts, profiles.AccountRef{ID: id})
		profs = append(profs, profiles.Profile{ID: id, ScreenName: "u" + id, Description: "@u" + id + "@example.social"})
	}
	deadline, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	v := &stuckVerifier{first: "u100", later: fmt.Sprint("u", 100+batch+3), released: make(chan struct{}), expired: deadline.Done()}
	p := NewPipeline(RunConfig{Accounts: accts, Sources: []ProfileSource{profiles.NewStaticSource(profs)}, Verifier: v, BatchSize: batch, Workers: 4, NoReverse: true})
	ms := collect(t, p)
	if v.timedOut.Load() {
		t.Fatal("while one account was stuck, no account of the next batch was matched")
	}
	for i, m := range ms {
		if m.TwitterID != accts[i].ID {
			t.Fatalf("position %d: %s, want %s", i, m.TwitterID, accts[i].ID)
		}
	}
	if len(ms) != n {
		t.Errorf("%d matches, want %d", len(ms), n)
	}
}
