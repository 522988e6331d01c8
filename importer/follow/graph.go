package follow

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/fledge-cli/fledge/importer/job"
)

// GraphAction is what a graph run does to each account.
type GraphAction string

const (
	ActionBlock GraphAction = "block"
	ActionMute  GraphAction = "mute"
)

// GraphTarget is what block and mute runs need from the server.
type GraphTarget interface {
	Resolver
	Blocks(ctx context.Context) iter.Seq2[*Account, error]
	Mutes(ctx context.Context) iter.Seq2[*Account, error]
	Block(ctx context.Context, id string) error
	// Mute mutes; notifications says whether to hide its notifications.
	Mute(ctx context.Context, id string, notifications bool) error
}

// GraphConfig configures a block or mute run.
type GraphConfig struct {
	Action  GraphAction
	Targets []Target
	// HideNotifications applies to mutes (Mastodon's default is true).
	HideNotifications bool
	DryRun            bool
	Journal           job.Journal // required unless DryRun
	OnResult          func(Result)
}

// Graph blocks or mutes every target, resolved like follows, skipping the
// ones already blocked or muted and the user's own account. A moved
// account is acted on as found: unlike a follow, a block or mute of the
// old account is allowed and still wanted. Journalled and resumable like
// Follow. The error is non-nil only when the run cannot go on.
func Graph(ctx context.Context, srv GraphTarget, cfg GraphConfig) (Summary, error) {
	sum := Summary{Total: len(cfg.Targets), Counts: map[Status]int{}}
	if cfg.Journal == nil && !cfg.DryRun {
		return sum, errors.New("graph: a journal is required")
	}
	act, existing, done, err := graphAction(ctx, srv, cfg)
	if err != nil {
		return sum, err
	}
	self, err := srv.Self(ctx)
	if err != nil {
		return sum, fmt.Errorf("read your account: %w", err)
	}
	g := &graphRun{cfg: cfg, srv: srv, act: act, has: existing, done: done, self: self.ID}
	for i, t := range cfg.Targets {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		res, stop, err := g.one(ctx, t)
		if err != nil {
			return sum, err
		}
		if stop != "" {
			sum.Stop, sum.Left = StopRateLimited, len(cfg.Targets)-i
			sum.ResumeAt, sum.Message = g.until.Until, stop
			return sum, nil
		}
		sum.add(res)
		if cfg.OnResult != nil {
			cfg.OnResult(res)
		}
	}
	return sum, nil
}

type graphRun struct {
	cfg   GraphConfig
	srv   GraphTarget
	act   func(ctx context.Context, id string) error
	has   map[string]bool
	done  Status
	self  string
	until job.RateLimited
}

// graphAction picks the action and reads what is already in place.
func graphAction(ctx context.Context, srv GraphTarget, cfg GraphConfig) (func(context.Context, string) error, map[string]bool, Status, error) {
	var list iter.Seq2[*Account, error]
	var act func(context.Context, string) error
	var done Status
	switch cfg.Action {
	case ActionBlock:
		list, act, done = srv.Blocks(ctx), srv.Block, StatusBlocked
	case ActionMute:
		list, done = srv.Mutes(ctx), StatusMuted
		act = func(ctx context.Context, id string) error { return srv.Mute(ctx, id, cfg.HideNotifications) }
	default:
		return nil, nil, "", fmt.Errorf("unknown action %q", cfg.Action)
	}
	has := map[string]bool{}
	for a, err := range list {
		if err != nil {
			return nil, nil, "", fmt.Errorf("read the accounts you %s: %w", cfg.Action, err)
		}
		has[a.ID] = true
	}
	return act, has, done, nil
}

func (g *graphRun) one(ctx context.Context, t Target) (Result, string, error) {
	key := journalKey(string(g.cfg.Action), t.Handle)
	if g.cfg.Journal != nil {
		if data, ok := g.cfg.Journal.Outcome(key); ok {
			prev, err := decodeResult(key, data)
			if err != nil {
				return Result{}, "", err
			}
			if prev.Status.final() {
				prev.Earlier = true
				return prev, "", nil
			}
		}
	}
	res := Result{Handle: normHandle(t.Handle)}
	a, err := resolve(ctx, g.srv, t.Handle)
	switch {
	case err != nil:
		return g.failed(key, res, err)
	case a == nil:
		res.Status, res.Reason = StatusNotFound, "the server found no such account"
		return g.record(key, res)
	}
	res.Account = normHandle(a.Acct)
	switch {
	case a.ID == g.self:
		res.Status, res.Reason = StatusSkipped, "your own account"
		return g.record(key, res)
	case g.has[a.ID]:
		res.Status = StatusAlready
		return g.record(key, res)
	case g.cfg.DryRun:
		g.has[a.ID] = true
		res.Status, res.Reason = StatusPlanned, "would "+string(g.cfg.Action)
		return res, "", nil
	}
	intent, err := encodeResult(Result{Handle: res.Handle, Account: res.Account})
	if err != nil {
		return Result{}, "", err
	}
	if err := g.cfg.Journal.Intend(key, intent); err != nil {
		return Result{}, "", fmt.Errorf("journal: %w", err)
	}
	if err := g.act(ctx, a.ID); err != nil {
		return g.failed(key, res, err)
	}
	g.has[a.ID] = true
	res.Status = g.done
	return g.record(key, res)
}

func (g *graphRun) failed(key string, res Result, err error) (Result, string, error) {
	if errors.Is(err, job.ErrAuth) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Result{}, "", err
	}
	var rl *job.RateLimited
	if errors.As(err, &rl) {
		g.until = *rl
		return Result{}, "the server's rate limit stopped the run: " + err.Error(), nil
	}
	res.Status, res.Reason = StatusFailed, err.Error()
	return g.record(key, res)
}

func (g *graphRun) record(key string, res Result) (Result, string, error) {
	if g.cfg.DryRun {
		return res, "", nil
	}
	data, err := encodeResult(res)
	if err != nil {
		return Result{}, "", err
	}
	if err := g.cfg.Journal.Record(key, data); err != nil {
		return Result{}, "", fmt.Errorf("journal: %w", err)
	}
	return res, "", nil
}
