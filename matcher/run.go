package matcher

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// Profile.Source for accounts no source had a profile for.
const (
	SourceArchive     = "archive"      // only a screen name, seen in the user's own tweets
	SourceHandlesFile = "handles-file" // only what the --handles file said
)

// CandidateVerifier is what the pipeline needs of verification; *Verifier
// implements it, tests use fakes.
type CandidateVerifier interface {
	VerifyAll(ctx context.Context, cands []Candidate, twitterScreenName string) []Candidate
	ReverseLookup(ctx context.Context, p *profiles.Profile, instances []string) []Candidate
}

var _ CandidateVerifier = (*Verifier)(nil)

// RunConfig says what to match and with what.
type RunConfig struct {
	// Accounts to match, from the archive (ids) or a --handles file.
	Accounts []profiles.AccountRef
	// Sources are asked in order, each only for the accounts the earlier
	// ones did not know: typically the --profiles file, the profile cache,
	// the Twitter API.
	Sources []ProfileSource
	// ScreenNames maps ids to screen names seen in the archive (mentions,
	// replies): enough for reverse lookup when no source has a profile.
	ScreenNames map[string]string
	// Verifier checks candidates online; nil means --offline.
	Verifier CandidateVerifier
	// ReverseInstances are the servers to try @screen_name@instance on.
	ReverseInstances []string
	// NoReverse skips reverse lookup even when online.
	NoReverse bool
	// Exclude holds accounts already followed (--exclude-following).
	Exclude HandleSet
	// Progress, if set, is called from the iterating goroutine after each
	// account and when a batch's profiles are being fetched.
	Progress func(Progress)
	// Workers is how many accounts are matched at once. The default
	// follows the Verifier's concurrency (see defaultWorkers), or 32
	// offline; the Verifier's own limits still apply, per host too.
	Workers int
	// BatchSize is how many accounts are looked up in the sources at once
	// (default 500, or Workers if more: a batch is matched before the
	// next is fetched, so a smaller one would leave workers idle).
	BatchSize int
	// List names the archive list Accounts came from; every match
	// records it (Match.List).
	List string
}

// concurrencyReporter is a verifier that says how many requests it lets
// run at once; *Verifier is one.
type concurrencyReporter interface{ Concurrency() int }

// Concurrency reports how many requests the Verifier lets run at once.
func (v *Verifier) Concurrency() int { return cap(v.global) }

// workersPerRequest is how many accounts are matched per request the
// verifier allows at once. More than one: an account's worker also
// spends time outside requests (extraction, waiting for a host's turn
// under the per-host limit, which holds no request slot), and without
// spare workers the verifier's slots would sit idle. The verifier still
// caps the requests themselves.
const workersPerRequest = 2

// defaultWorkers is RunConfig.Workers when left zero: enough to keep the
// verifier's requests busy, else (offline, where matching is only
// extraction) 32.
func defaultWorkers(v CandidateVerifier) int {
	if c, ok := v.(concurrencyReporter); ok && c.Concurrency() > 0 {
		return workersPerRequest * c.Concurrency()
	}
	return 32
}

// Progress reports how far a run is.
type Progress struct {
	Stage string // "profiles" while sources are asked, "matching" after an account is done
	Done  int
	Total int
}

// SourceError is a failing profile source. The run yields it and, if the
// caller keeps iterating, goes on without that source.
type SourceError struct {
	Source string
	Err    error
}

func (e *SourceError) Error() string { return fmt.Sprintf("profile source %s: %v", e.Source, e.Err) }
func (e *SourceError) Unwrap() error { return e.Err }

// Pipeline runs one match: sources → Extract → verification and reverse
// lookup → exclusions → Match, keeping a Summary.
type Pipeline struct {
	cfg     RunConfig
	mu      sync.Mutex
	summary Summary
}

// NewPipeline fills cfg's defaults.
func NewPipeline(cfg RunConfig) *Pipeline {
	if cfg.Workers <= 0 {
		cfg.Workers = defaultWorkers(cfg.Verifier)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = max(500, cfg.Workers)
	}
	return &Pipeline{cfg: cfg}
}

// Summary returns the counts so far; complete once Run's iterator ends.
func (p *Pipeline) Summary() Summary {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.summary
}

// Run streams one Match per account, in input order (duplicates
// removed). Errors: a *SourceError (iteration may continue without that
// source) or the context's error (iteration ends).
//
// Profiles are fetched a batch at a time, and the next batch is fetched
// and handed to the workers while the current one is still being matched,
// so one slow account (a host timing out) does not leave the workers idle
// at every batch's end. At most two batches are held at once.
func (p *Pipeline) Run(ctx context.Context) iter.Seq2[Match, error] {
	return func(yield func(Match, error) bool) {
		total, batches := accountBatches(p.cfg.Accounts, p.cfg.BatchSize)
		next, stop := iter.Pull(batches)
		defer stop()
		pool := newMatchPool(ctx, p, min(p.cfg.Workers, total))
		defer pool.close()
		disabled := make([]bool, len(p.cfg.Sources))
		var queue []*pendingBatch
		done, more := 0, true
		for {
			for more && len(queue) < 2 {
				var batch []profiles.AccountRef
				if batch, more = next(); !more {
					break
				}
				if err := ctx.Err(); err != nil {
					yield(Match{}, err)
					return
				}
				if len(queue) == 0 {
					p.progress("profiles", done, total)
				}
				found, ok := p.lookup(ctx, batch, disabled, yield)
				if !ok {
					return
				}
				queue = append(queue, pool.submit(batch, found))
			}
			if len(queue) == 0 {
				return
			}
			b := queue[0]
			for i := range b.results {
				select {
				case <-b.ready[i]:
				case <-ctx.Done():
					yield(Match{}, ctx.Err())
					return
				}
				done++
				p.progress("matching", done, total)
				b.results[i].List = p.cfg.List
				if !yield(b.results[i], nil) {
					return
				}
			}
			queue[0] = nil
			queue = queue[1:]
			if err := ctx.Err(); err != nil {
				yield(Match{}, err)
				return
			}
		}
	}
}

func (p *Pipeline) progress(stage string, done, total int) {
	if p.cfg.Progress != nil {
		p.cfg.Progress(Progress{Stage: stage, Done: done, Total: total})
	}
}

// accountBatches yields in's accounts in batches of size, in order,
// without empty and repeated ones (the first is kept), and says how many
// it will yield. Lists of 100k accounts are common (--profiles without an
// archive), so numeric ids are remembered as integers and in is never
// copied whole.
func accountBatches(in []profiles.AccountRef, size int) (int, iter.Seq[[]profiles.AccountRef]) {
	ids := make(map[uint64]struct{}, len(in))
	other := map[string]struct{}{}
	var drop []bool // nil while nothing is dropped
	total := 0
	for i, a := range in {
		dup := a.ID == "" && a.ScreenName == ""
		if !dup {
			if n, ok := profiles.NumericID(a.ID); ok {
				_, dup = ids[n]
				ids[n] = struct{}{}
			} else {
				k := a.Key()
				_, dup = other[k]
				other[k] = struct{}{}
			}
		}
		if dup && drop == nil {
			drop = make([]bool, len(in))
		}
		if dup {
			drop[i] = true
		} else {
			total++
		}
	}
	return total, func(yield func([]profiles.AccountRef) bool) {
		if drop == nil {
			for start := 0; start < len(in); start += size {
				if !yield(in[start:min(start+size, len(in))]) {
					return
				}
			}
			return
		}
		batch := make([]profiles.AccountRef, 0, size)
		for i, a := range in {
			if drop[i] {
				continue
			}
			if batch = append(batch, a); len(batch) == size {
				if !yield(batch) {
					return
				}
				batch = make([]profiles.AccountRef, 0, size)
			}
		}
		if len(batch) > 0 {
			yield(batch)
		}
	}
}

// lookup asks each enabled source, in order, for the accounts of batch
// that no earlier source knew: by id when the id is known, else by screen
// name. A failing source is reported and disabled. It returns profiles
// indexed like batch (nil where nobody knew the account) and false when
// the caller stopped iterating or the context ended.
func (p *Pipeline) lookup(ctx context.Context, batch []profiles.AccountRef, disabled []bool, yield func(Match, error) bool) ([]*profiles.Profile, bool) {
	found := make([]*profiles.Profile, len(batch))
	for si, src := range p.cfg.Sources {
		if disabled[si] {
			continue
		}
		var ids, names []string
		for i, a := range batch {
			switch {
			case found[i] != nil:
			case a.ID != "":
				ids = append(ids, a.ID)
			default:
				names = append(names, a.ScreenName)
			}
		}
		if len(ids) == 0 && len(names) == 0 {
			break
		}
		ps, err := src.Lookup(ctx, ids, names)
		if ctxErr := ctx.Err(); ctxErr != nil {
			yield(Match{}, ctxErr)
			return nil, false
		}
		if err != nil {
			disabled[si] = true
			if !yield(Match{}, &SourceError{Source: sourceName(src), Err: err}) {
				return nil, false
			}
			// Keep what a partly failed source did return.
		}
		byID := make(map[string]*profiles.Profile, len(ps))
		byName := make(map[string]*profiles.Profile, len(ps))
		for i := range ps {
			if ps[i].ID != "" {
				byID[ps[i].ID] = &ps[i]
			}
			if ps[i].ScreenName != "" {
				byName[strings.ToLower(ps[i].ScreenName)] = &ps[i]
			}
		}
		for i, a := range batch {
			if found[i] != nil {
				continue
			}
			if a.ID != "" {
				found[i] = byID[a.ID]
			} else {
				found[i] = byName[strings.ToLower(a.ScreenName)]
			}
		}
	}
	return found, true
}

// sourceName names a source in messages: its String method if it has one.
func sourceName(s ProfileSource) string {
	if st, ok := s.(fmt.Stringer); ok {
		return st.String()
	}
	return fmt.Sprintf("%T", s)
}

// matchOne turns one account's profile into a Match.
func (p *Pipeline) matchOne(ctx context.Context, a profiles.AccountRef, prof *profiles.Profile) Match {
	noProfile := prof == nil
	if noProfile {
		prof = &profiles.Profile{ID: a.ID, ScreenName: a.ScreenName, Source: SourceHandlesFile}
		if prof.ScreenName == "" && p.cfg.ScreenNames[a.ID] != "" {
			prof.ScreenName, prof.Source = p.cfg.ScreenNames[a.ID], SourceArchive
		}
	} else if prof.ScreenName == "" {
		cp := *prof
		cp.ScreenName = a.ScreenName
		if cp.ScreenName == "" {
			cp.ScreenName = p.cfg.ScreenNames[a.ID]
		}
		prof = &cp
	}
	m := Match{TwitterID: prof.ID, ScreenName: prof.ScreenName, Name: prof.Name}
	if m.TwitterID == "" {
		m.TwitterID = a.ID
	}

	all, communities := ExtractAll(prof)
	m.Communities = communities
	accepted, rest := splitAccepted(all)
	refusedProbe := false
	if v := p.cfg.Verifier; v != nil {
		if len(accepted) > 0 {
			accepted = v.VerifyAll(ctx, accepted, prof.ScreenName)
		}
		var probe []Candidate
		probe, rest = splitProbe(rest)
		if len(probe) > 0 {
			var kept []Candidate
			for _, c := range v.VerifyAll(ctx, probe, prof.ScreenName) {
				if probeProves(c) {
					accepted = append(accepted, c)
				} else {
					// A probe the guard refused (a bridge's host on a
					// private address) is counted like an accepted
					// candidate's refusal: it may hide a match.
					refusedProbe = refusedProbe || c.refused
					kept = append(kept, c)
				}
			}
			rest = append(kept, rest...)
		}
		if !p.cfg.NoReverse && prof.ScreenName != "" && strings.TrimSpace(prof.Description) == "" {
			accepted = appendNew(accepted, v.ReverseLookup(ctx, prof, p.cfg.ReverseInstances))
		}
	}
	m.Candidates = append(accepted, rest...)
	handles, outcome := chooseHandles(accepted, p.cfg.Exclude)
	m.Handles = handles
	outcome.noProfile = noProfile
	outcome.refused = outcome.refused || refusedProbe
	outcome.notBridged = len(handles) == 0 && anyNotBridged(rest)
	p.count(outcome)
	return m
}

// splitAccepted separates the candidates above the threshold (the ones
// worth a network request) from the rest, keeping order.
func splitAccepted(all []Candidate) (accepted, rest []Candidate) {
	for _, c := range all {
		if c.Confidence > AcceptThreshold {
			accepted = append(accepted, c)
		} else {
			rest = append(rest, c)
		}
	}
	return accepted, rest
}

// ProbeFloor is the lowest confidence at which a profile URL under the
// threshold is still checked over the network. Paths like /u/name,
// /a/name or /users/name are profiles on Lemmy, PeerTube and Mastodon but
// also on many other sites, so they score 0.45 unless the host name gives
// the software away; WebFinger and the actor settle it.
const ProbeFloor = 0.45

// splitProbe takes the profile URLs in [ProbeFloor, AcceptThreshold] out
// of rest, with the Bluesky, Threads and channel candidates that only a
// request can decide: the only candidates under the threshold worth one. Bare
// user@domain forms are not probed: mostly e-mail addresses, and asking
// their domain about them would tell it the address.
func splitProbe(rest []Candidate) (probe, others []Candidate) {
	for _, c := range rest {
		if (c.Form == FormURL || isProbeForm(c.Form)) && c.Field != FieldPinned && c.Confidence >= ProbeFloor && c.Confidence <= AcceptThreshold {
			probe = append(probe, c)
		} else {
			others = append(others, c)
		}
	}
	return probe, others
}

// probeProves reports whether a probed URL turned out to be a fediverse
// account: one that links back to the Twitter account, or one that
// exists (or moved) on a plain ASCII domain. A punycode domain must link
// back: it may be a look-alike the extractor capped below the threshold.
func probeProves(c Candidate) bool {
	switch c.Status {
	case StatusConfirmed, StatusBridged:
		return true
	case StatusVerified, StatusMoved:
		return !strings.Contains(c.Handle, "xn--")
	}
	return false
}

// appendNew adds the candidates whose handle is not there yet.
func appendNew(have, more []Candidate) []Candidate {
	for _, c := range more {
		dup := false
		for _, h := range have {
			if strings.EqualFold(h.Handle, c.Handle) {
				dup = true
				break
			}
		}
		if !dup {
			have = append(have, c)
		}
	}
	return have
}

// Run matches cfg's accounts and writes each Match to w, closing it at the
// end. A failing source is handed to onSourceError and the run goes on
// without it; with a nil onSourceError it ends the run. It returns the
// summary of what was matched, also when it fails part-way.
func Run(ctx context.Context, cfg RunConfig, w ResultWriter, onSourceError func(error)) (Summary, error) {
	p := NewPipeline(cfg)
	var runErr error
	for m, err := range p.Run(ctx) {
		var se *SourceError
		switch {
		case errors.As(err, &se) && onSourceError != nil:
			onSourceError(err)
			continue
		case err != nil:
			runErr = err
		default:
			runErr = w.Write(m)
		}
		if runErr != nil {
			break
		}
	}
	if err := w.Close(); runErr == nil {
		runErr = err
	}
	return p.Summary(), runErr
}
