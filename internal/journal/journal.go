package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/fledge-cli/fledge/internal/atomicfile"
	"github.com/fledge-cli/fledge/internal/filelock"
)

// ErrClosed is returned by writes to a closed journal.
var ErrClosed = errors.New("journal is closed")

// ErrPlanChanged is matched (errors.Is) by the *PlanChangedError Open
// returns when a job is resumed with a different plan.
var ErrPlanChanged = errors.New("the job's plan changed")

// PlanChangedError says that the plan fingerprint given to Open differs from
// the one the journal last recorded. Keys stay meaningful across plans, so a
// caller may accept the change with Options.AllowPlanChange.
type PlanChangedError struct {
	Job      string
	Old, New string
}

func (e *PlanChangedError) Error() string {
	return fmt.Sprintf("job %s was planned as %s and is now %s: %v", e.Job, e.Old, e.New, ErrPlanChanged)
}

func (e *PlanChangedError) Unwrap() error { return ErrPlanChanged }

// Options describe the job opening a journal.
type Options struct {
	Kind    string // job kind, e.g. "follow"; a journal of another kind is refused
	Version string // fledge version, recorded for people reading the file
	Plan    string // fingerprint of the plan, e.g. "sha256:…"; "" to not check
	Planned int    // number of planned items, for Counts.Left; 0 if unknown

	// AllowPlanChange resumes a job whose plan fingerprint changed instead
	// of returning a *PlanChangedError.
	AllowPlanChange bool

	// Now is the clock for record times; nil means time.Now.
	Now func() time.Time
}

// appendFile is the part of *os.File a journal writes through; tests swap
// in one that fails.
type appendFile interface {
	io.Writer
	Sync() error
	Truncate(size int64) error
	Close() error
}

// Journal is an open, locked journal of one job. Every write appends one
// line and fsyncs it before returning. Its methods are safe for concurrent
// use.
type Journal struct {
	mu     sync.Mutex
	job    string
	path   string
	f      appendFile
	lk     *filelock.Lock
	size   int64 // bytes of whole records in the file
	st     *State
	now    func() time.Time
	closed bool
	broken error // set when a write failed; the journal refuses more
}

// Open opens (creating it if needed) the journal of job in dir, the state
// directory of one account ("$XDG_STATE_HOME/fledge/<user@domain>"), and
// locks it for this process until Close. A new journal starts with a header
// record; an existing one is replayed, cut back to its last whole record
// if a crash tore the final line, and gets a resume record.
func Open(dir, job string, opts Options) (*Journal, error) {
	if err := ValidJobName(job); err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	if err := makeDir(dir); err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	lk, err := lock(filepath.Join(dir, job+".lock"), job)
	if err != nil {
		return nil, err
	}
	j, err := openLocked(dir, job, opts)
	if err != nil {
		_ = lk.Unlock()
		return nil, err
	}
	j.lk = lk
	return j, nil
}

func openLocked(dir, job string, opts Options) (*Journal, error) {
	path := filepath.Join(dir, job+".jsonl")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	created := err == nil
	if errors.Is(err, fs.ErrExist) {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	j, err := start(f, path, job, created, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

// start replays f, repairs a torn tail and writes the header or resume.
func start(f *os.File, path, job string, created bool, opts Options) (*Journal, error) {
	if created {
		if err := atomicfile.SyncDir(filepath.Dir(path)); err != nil {
			return nil, fmt.Errorf("open journal %s: %w", path, err)
		}
	}
	st, valid, err := replay(f, path, true)
	if err != nil {
		return nil, err
	}
	if st.Torn {
		// Appending after a torn fragment would glue the next record to it.
		if err := f.Truncate(valid); err != nil {
			return nil, fmt.Errorf("open journal %s: cut torn last line: %w", path, err)
		}
		if err := f.Sync(); err != nil {
			return nil, fmt.Errorf("open journal %s: %w", path, err)
		}
		st.Torn = false
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	j := &Journal{job: job, path: path, f: f, size: valid, st: st, now: now}
	if st.Seq == 0 {
		err = j.append(&record{Kind: KindHeader, Format: format, Job: job, JobKind: opts.Kind,
			Version: opts.Version, Plan: opts.Plan, Planned: opts.Planned, PID: os.Getpid()})
		return j, err
	}
	if opts.Kind != "" && st.Header.Kind != opts.Kind {
		return nil, fmt.Errorf("open journal %s: it belongs to a %q job, not %q", path, st.Header.Kind, opts.Kind)
	}
	plan, planned := st.Plan, st.Planned
	if opts.Plan != "" {
		if plan != "" && plan != opts.Plan && !opts.AllowPlanChange {
			return nil, &PlanChangedError{Job: job, Old: plan, New: opts.Plan}
		}
		plan = opts.Plan
	}
	if opts.Planned > 0 {
		planned = opts.Planned
	}
	err = j.append(&record{Kind: KindResume, Version: opts.Version, Plan: plan, Planned: planned, PID: os.Getpid()})
	return j, err
}

// makeDir creates dir (0700) and makes every new entry durable.
func makeDir(dir string) error {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append(missing, d)
	}
	if len(missing) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for _, d := range missing {
		if err := atomicfile.SyncDir(filepath.Dir(d)); err != nil {
			return err
		}
	}
	return nil
}

// append writes r as the next record: sequence number and time are filled
// in, the line goes out in one write and is fsynced. On failure the record
// counts as not written, whatever part of it reached the file is cut off,
// and the journal refuses further writes: after a failed fsync the kernel
// may have dropped earlier pages too, so only a fresh Open can be trusted.
func (j *Journal) append(r *record) error {
	if j.closed {
		return fmt.Errorf("journal %s: %w", j.job, ErrClosed)
	}
	if j.broken != nil {
		return j.broken
	}
	r.Seq = j.st.Seq + 1
	r.Time = j.now().UTC().Round(0)
	if err := j.st.check(r); err != nil {
		return fmt.Errorf("journal %s: %w", j.job, err)
	}
	line, err := r.encode()
	if err != nil {
		return fmt.Errorf("journal %s: encode %s record: %w", j.job, r.Kind, err)
	}
	if len(line) > maxRecord {
		return fmt.Errorf("journal %s: %s record for %q is %d bytes, more than the limit of %d", j.job, r.Kind, r.Key, len(line), maxRecord)
	}
	n, err := j.f.Write(line)
	if err == nil && n != len(line) {
		err = io.ErrShortWrite
	}
	if err == nil {
		err = j.f.Sync()
	}
	if err != nil {
		if terr := j.f.Truncate(j.size); terr == nil {
			_ = j.f.Sync()
		}
		cause := err
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			cause = pe.Err // the path is said once, at the front
		}
		j.broken = fmt.Errorf("journal %s: write %s record %d: %w; %s", j.path, r.Kind, r.Seq, cause, writeFailureHint(err))
		return j.broken
	}
	j.size += int64(len(line))
	j.st.apply(r)
	return nil
}

// writeFailureHint says what a person can do after a failed write. The
// journal itself is fine (the failed record was cut off), and the next run
// opens it afresh, so the advice is about the disk and running again, not
// about the journal.
func writeFailureHint(err error) string {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return "the disk is full: free some space and run the same command again"
	}
	return "check the disk, then run the same command again; what was done so far is kept"
}

func (j *Journal) write(r *record, payload any) error {
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return fmt.Errorf("journal %s: encode %s data for %q: %w", j.job, r.Kind, r.Key, err)
		}
		r.Data = b
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.append(r)
}

// Intent records that the job is about to act on k; payload (any JSON
// value, or nil) describes the action. Act only after it returns nil.
func (j *Journal) Intent(k Key, payload any) error {
	return j.write(&record{Kind: KindIntent, Key: k}, payload)
}

// Progress records part of k's open intent, such as uploaded media ids. The
// latest progress is kept even if the attempt fails, for a retry to reuse.
func (j *Journal) Progress(k Key, payload any) error {
	return j.write(&record{Kind: KindProgress, Key: k}, payload)
}

// Succeed records that k's open intent was carried out; result (e.g. the
// created status id) is returned later by Result.
func (j *Journal) Succeed(k Key, result any) error {
	return j.write(&record{Kind: KindOutcome, Key: k, Status: StatusDone}, result)
}

// Fail records that k's open intent failed. how is StatusRetryable (a later
// run tries again) or StatusPermanent (it will not).
func (j *Journal) Fail(k Key, how Status, reason string) error {
	if how != StatusRetryable && how != StatusPermanent {
		return fmt.Errorf("journal %s: Fail(%q) with status %q; want retryable or permanent", j.job, k, how)
	}
	return j.write(&record{Kind: KindOutcome, Key: k, Status: how, Reason: reason}, nil)
}

// Skip records that the job will not act on k, and why.
func (j *Journal) Skip(k Key, reason string) error {
	return j.write(&record{Kind: KindSkip, Key: k, Reason: reason}, nil)
}

// Wait records that the job may not act before until (a rate limit), for
// "fledge status" to show.
func (j *Journal) Wait(until time.Time, reason string) error {
	return j.write(&record{Kind: KindWait, Until: until.UTC().Round(0), Reason: reason}, nil)
}

// Finish writes a summary record ending this run; data is the caller's
// report. A later Open may still resume the job.
func (j *Journal) Finish(data any) error {
	return j.write(&record{Kind: KindSummary}, data)
}

// Close releases the lock. Writes after Close return ErrClosed; closing
// twice is harmless.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return nil
	}
	j.closed = true
	err := j.f.Close()
	if uerr := j.lk.Unlock(); err == nil {
		err = uerr
	}
	if err != nil {
		return fmt.Errorf("close journal %s: %w", j.path, err)
	}
	return nil
}
