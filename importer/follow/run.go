package follow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/importer/job"
)

// Mastodon's follow cap (app/validators/follow_limit_validator.rb): 7,500
// follows, or 1.1 × followers once past that.
const (
	DefaultCap   = 7500
	DefaultRatio = 1.1
)

// Config configures a follow run.
type Config struct {
	Targets []Target
	Options Options
	// Max limits the follows sent in one run (0: no limit), for cron.
	Max int
	// Wait lets the client wait for the next window when the day's budget
	// is spent; without it the run stops and reports when to resume.
	Wait bool
	// DryRun resolves every account and reports what would be done,
	// changing nothing and writing no journal.
	DryRun bool
	// List, when set, adds every followed account to the list ListTitle.
	List      ListTarget
	ListTitle string
	// Journal is required unless DryRun.
	Journal job.Journal
	// CapLimit and CapRatio default to Mastodon's follow cap.
	CapLimit int
	CapRatio float64
	// NoThreads says the user's server cannot follow Threads accounts
	// (GoToSocial: superseriousbusiness/gotosocial#3682): they are skipped
	// with that reason instead of failing. Not journalled, so a run from
	// a server that can follow them still does.
	NoThreads bool
	// OnResult receives every result as it is decided.
	OnResult func(Result)
	// OnProgress is called after each account with the share done and
	// the time the remaining follows could be finished by.
	OnProgress func(done, total int, eta time.Time)
}

// Plan is the outcome of a dry run: what would be followed and when
// the run could be finished.
type Plan struct {
	ToFollow int
	ETA      time.Time
}

// followRun is the state of one run.
type followRun struct {
	cfg      Config
	srv      FollowTarget
	self     Self
	cap      int
	followed map[string]bool // account ids the user follows
	sent     int             // follow POSTs in this run
	sum      Summary
	list     *listState
	plan     Plan
}

// Follow follows every target through srv: resolve (lookup, then a
// resolving search), replace moved accounts by their target, skip the
// ones already followed and the user's own account, stop before the
// follow cap, and pace by the follows bucket. Every follow is journalled
// (intent, then outcome); a re-run skips what is done and retries what
// failed. It returns the summary, and an error only when the run could
// not go on (refused token, cancelled, journal failure): results so far
// are in the journal and were passed to OnResult.
func Follow(ctx context.Context, srv FollowTarget, cfg Config) (Summary, Plan, error) {
	if cfg.Journal == nil && !cfg.DryRun {
		return Summary{}, Plan{}, errors.New("follow: a journal is required")
	}
	r := &followRun{cfg: cfg, srv: srv, sum: Summary{Total: len(cfg.Targets), Counts: map[Status]int{}}}
	err := r.run(ctx)
	if !cfg.DryRun {
		r.plan = Plan{}
	}
	return r.sum, r.plan, err
}

func (r *followRun) run(ctx context.Context) error {
	self, err := r.srv.Self(ctx)
	if err != nil {
		return fmt.Errorf("read your account: %w", err)
	}
	r.self = self
	r.cap = followCap(self, r.cfg.CapLimit, r.cfg.CapRatio)
	if r.followed, err = followedIDs(ctx, r.srv); err != nil {
		return err
	}
	if r.cfg.List != nil && r.cfg.ListTitle != "" {
		if r.list, err = openList(ctx, r.cfg.List, r.cfg.ListTitle, r.cfg.DryRun); err != nil {
			return err
		}
	}
	for i, t := range r.cfg.Targets {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.sum.Stop != StopNone {
			r.sum.Left = len(r.cfg.Targets) - i
			return nil
		}
		res, stop, err := r.one(ctx, t)
		if err != nil {
			return err
		}
		if stop {
			r.sum.Left = len(r.cfg.Targets) - i
			return nil
		}
		r.emit(res)
		r.progress(i + 1)
	}
	if r.cfg.DryRun {
		r.plan.ETA = r.srv.FollowBudget().ETA(r.plan.ToFollow)
	}
	return nil
}

func (r *followRun) emit(res Result) {
	r.sum.add(res)
	if r.cfg.OnResult != nil {
		r.cfg.OnResult(res)
	}
}

func (r *followRun) progress(done int) {
	if r.cfg.OnProgress == nil {
		return
	}
	left := len(r.cfg.Targets) - done
	r.cfg.OnProgress(done, len(r.cfg.Targets), r.srv.FollowBudget().ETA(left))
}

// one handles a single target. stop reports that the run must end before
// this target (cap, budget, --max); the target is then left for later.
func (r *followRun) one(ctx context.Context, t Target) (Result, bool, error) {
	key := journalKey("follow", t.Handle)
	if r.cfg.Journal != nil {
		if prev, ok, err := r.earlier(key); err != nil || ok {
			if err == nil && !r.cfg.DryRun && r.list != nil && prev.Account != "" && prev.List != listAdded && prev.List != listAlready {
				prev, err = r.retryList(ctx, key, prev)
			}
			return prev, false, err
		}
	}
	res := Result{Handle: normHandle(t.Handle)}
	if r.cfg.NoThreads && isThreads(res.Handle) {
		res.Status, res.Reason = StatusSkipped, ErrNoThreads.Error()
		return res, false, nil
	}
	acct, err := resolve(ctx, r.srv, t.Handle)
	if err != nil {
		return r.failed(key, res, err)
	}
	if acct == nil {
		res.Status, res.Reason = StatusNotFound, "the server found no such account"
		return r.record(key, res)
	}
	target, err := followMoves(acct)
	if err != nil {
		return r.failed(key, res, err)
	}
	res.Account = normHandle(target.Acct)
	moved := target != acct
	switch {
	case target.ID == r.self.ID:
		res.Status, res.Reason = StatusSkipped, "your own account"
		return r.record(key, res)
	case r.followed[target.ID]:
		res.Status = StatusAlready
		if moved {
			res.Reason = "moved to " + res.Account + ", which you already follow"
		}
		return r.withList(ctx, key, res, target.ID)
	}
	if stop := r.mustStop(); stop {
		return Result{}, true, nil
	}
	if r.cfg.DryRun {
		r.plan.ToFollow++
		r.followed[target.ID] = true
		res.Status, res.Reason = StatusPlanned, "would follow"
		if moved {
			res.Reason = "would follow " + res.Account + " (moved from " + res.Handle + ")"
		}
		return res, false, nil
	}
	return r.follow(ctx, key, res, target.ID, moved)
}

// ErrNoThreads is the reason a Threads account is skipped on GoToSocial.
var ErrNoThreads = errors.New("your GoToSocial server cannot follow Threads accounts")

// isThreads reports whether user@domain (lower case) is a Threads account.
func isThreads(handle string) bool {
	_, domain, _ := strings.Cut(handle, "@")
	return domain == "threads.net" || domain == "threads.com"
}

// AnyThreads reports whether a target is a Threads account, so a caller
// asks the server what software it runs only when that matters.
func AnyThreads(ts []Target) bool {
	for _, t := range ts {
		if isThreads(normHandle(t.Handle)) {
			return true
		}
	}
	return false
}

// mustStop checks --max, the follow cap and (without Wait) the day's
// budget before a follow is sent, and sets the summary's stop reason.
func (r *followRun) mustStop() bool {
	switch {
	case r.cfg.Max > 0 && r.sent >= r.cfg.Max:
		r.sum.Stop = StopMax
		r.sum.Message = fmt.Sprintf("stopped after %d follows (--max)", r.sent)
	case r.self.Following+r.sent >= r.cap:
		r.sum.Stop = StopCap
		r.sum.Message = fmt.Sprintf("stopped at Mastodon's follow cap: you follow %d accounts and the server allows %d "+
			"(7,500, or 1.1 × your followers beyond that)", r.self.Following+r.sent, r.cap)
	case !r.cfg.Wait && !r.cfg.DryRun:
		if n, reset := r.srv.FollowBudget().Remaining(); n <= 0 {
			r.sum.Stop, r.sum.ResumeAt = StopBudget, reset
			r.sum.Message = "today's follow budget is spent; run again after " + reset.UTC().Format("15:04 UTC")
		}
	}
	return r.sum.Stop != StopNone
}

// follow sends the follow, journalled: intent first, outcome after.
func (r *followRun) follow(ctx context.Context, key string, res Result, id string, moved bool) (Result, bool, error) {
	intent, err := encodeResult(Result{Handle: res.Handle, Account: res.Account})
	if err != nil {
		return Result{}, false, err
	}
	if err := r.cfg.Journal.Intend(key, intent); err != nil {
		return Result{}, false, fmt.Errorf("journal: %w", err)
	}
	r.sent++
	rel, err := r.srv.Follow(ctx, id, r.cfg.Options)
	if err != nil {
		var rl *job.RateLimited
		if errors.As(err, &rl) {
			// Not sent after all: leave it for the next run, unrecorded.
			r.sent--
			r.sum.Stop, r.sum.ResumeAt = StopRateLimited, rl.Until
			r.sum.Message = "the server's rate limit holds until " + rl.Until.UTC().Format("2006-01-02 15:04 UTC") + "; run again then"
			return Result{}, true, nil
		}
		if isCapRefusal(err) {
			r.sent--
			r.sum.Stop = StopCap
			r.sum.Message = "the server refused more follows: " + err.Error()
			return Result{}, true, nil
		}
		return r.failed(key, res, err)
	}
	r.followed[id] = true
	switch {
	case moved:
		res.Status, res.Requested = StatusMoved, rel.Requested
		res.Reason = "moved; followed " + res.Account + " instead"
	case rel.Requested && !rel.Following:
		res.Status = StatusRequested
	default:
		res.Status = StatusFollowed
	}
	return r.withList(ctx, key, res, id)
}

// failed records a failure (retried by the next run) unless the error
// must end the whole run.
func (r *followRun) failed(key string, res Result, err error) (Result, bool, error) {
	if errors.Is(err, job.ErrAuth) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Result{}, false, err
	}
	if errors.Is(err, job.ErrRateLimited) {
		var rl *job.RateLimited
		if errors.As(err, &rl) {
			r.sum.ResumeAt = rl.Until
		}
		r.sum.Stop = StopRateLimited
		r.sum.Message = "the server's rate limit stopped the run: " + err.Error()
		return Result{}, true, nil
	}
	res.Status, res.Reason = StatusFailed, err.Error()
	return r.record(key, res)
}

// record writes the outcome to the journal (not in a dry run).
func (r *followRun) record(key string, res Result) (Result, bool, error) {
	if r.cfg.DryRun {
		return res, false, nil
	}
	data, err := encodeResult(res)
	if err != nil {
		return Result{}, false, err
	}
	if err := r.cfg.Journal.Record(key, data); err != nil {
		return Result{}, false, fmt.Errorf("journal: %w", err)
	}
	return res, false, nil
}

// earlier returns the final outcome an earlier run recorded for key.
func (r *followRun) earlier(key string) (Result, bool, error) {
	data, ok := r.cfg.Journal.Outcome(key)
	if !ok {
		return Result{}, false, nil
	}
	prev, err := decodeResult(key, data)
	if err != nil || !prev.Status.final() {
		return Result{}, false, err
	}
	prev.Earlier = true
	if prev.Status == StatusFollowed || (prev.Status == StatusMoved && !prev.Requested) {
		// Followed then, so already followed now; a moved account's
		// reason still says whom. A request stays one: it may still wait.
		prev.Status = StatusAlready
	}
	if r.list != nil && (prev.List == listPending || prev.List == listFailed) {
		prev = r.listDone(key, prev)
	}
	return prev, true, nil
}

// followCap is the most follows the server allows the user. Mastodon's
// FollowLimitValidator lets anyone follow up to the limit (7,500) and,
// from there on, up to 1.1 × their followers: so the cap is the larger of
// the two, whether the user is past the limit yet or only gets there
// during this run.
func followCap(s Self, limit int, ratio float64) int {
	if limit <= 0 {
		limit = DefaultCap
	}
	if ratio <= 0 {
		ratio = DefaultRatio
	}
	// Rounded down: stopping one follow early beats a refused one.
	return max(limit, int(float64(s.Followers)*ratio))
}

// followedIDs reads the user's current follows once.
func followedIDs(ctx context.Context, srv FollowTarget) (map[string]bool, error) {
	ids := map[string]bool{}
	for a, err := range srv.Following(ctx) {
		if err != nil {
			return nil, fmt.Errorf("read the accounts you follow: %w", err)
		}
		ids[a.ID] = true
	}
	return ids, nil
}
