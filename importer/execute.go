package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/journal"
)

// postIntent is journalled before anything is sent for a post: enough to
// recognise the status on the server if the outcome is lost.
type postIntent struct {
	// Stage is stageMedia while only media are uploaded ahead; "" once
	// the post itself is about to be sent.
	Stage       string    `json:"stage,omitempty"`
	Fingerprint string    `json:"fp"`
	ReplyToID   string    `json:"reply_to_id,omitempty"`
	Media       int       `json:"media"`
	Idempotency string    `json:"idempotency_key"`
	At          time.Time `json:"at"`
}

// stageMedia marks the intent the uploader journals before uploading a
// post's media ahead of its turn: nothing was posted yet, so a run that
// finds it pending reuses the media and need not look for the post.
const stageMedia = "media"

// postProgress records uploaded media, aligned with the post's media
// ("-" for a file that will not be attached), and when each was uploaded,
// so a retry or a resumed run reuses them while the server keeps them.
type postProgress struct {
	MediaIDs []string    `json:"media_ids"`
	Uploaded []time.Time `json:"uploaded,omitempty"`
}

// postResult is a done post's outcome.
type postResult struct {
	ID         string `json:"id"`
	URL        string `json:"url,omitempty"`
	Reconciled bool   `json:"reconciled,omitempty"`
	Scheduled  bool   `json:"scheduled,omitempty"`
}

// executor runs one plan against one journal.
type executor struct {
	plan    *Plan
	srv     Poster
	j       *journal.Journal
	cfg     ExecConfig
	results map[string]postResult // done keys → status
	claimed map[string]bool       // status ids that belong to done keys
	report  ExecReport
}

// IdempotencyKey is the Idempotency-Key of a planned post: the same
// account and post always give the same key, so a repeat within the
// server's hour returns the first status instead of a duplicate.
func IdempotencyKey(account, key string) string {
	sum := sha256.Sum256([]byte("fledge-import\x00" + strings.ToLower(account) + "\x00" + key))
	return "fledge-" + hex.EncodeToString(sum[:16])
}

// Execute creates the plan's posts in order, journalling each step, and
// resumes where an earlier run of the same journal stopped: done posts
// are skipped, posts whose outcome a crash lost are first looked for on
// the server. Media are uploaded ahead of their posts within cfg.Ahead
// (see uploader), each id journalled before it is used. A run stops early
// at --max, at a rate limit the client will not wait for, or at a
// temporary failure, keeping threads in order; the report says what is
// left. Errors are returned only for failures that stop the job as a
// whole (auth, journal, cancellation).
func Execute(ctx context.Context, p *Plan, srv Poster, j *journal.Journal, cfg ExecConfig) (ExecReport, error) {
	if cfg.Limits.IsZero() {
		return ExecReport{}, errNoLimits
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	e := &executor{plan: p, srv: srv, j: j, cfg: cfg, results: map[string]postResult{}, claimed: map[string]bool{}}
	e.report.Planned = len(p.Posts)
	e.report.MediaIssues = append(e.report.MediaIssues, p.MediaIssues...)
	for i := range p.Posts {
		if !p.Posts[i].ScheduledAt.IsZero() && !cfg.CanBackdate {
			return e.report, errors.New("the plan backdates posts but the server cannot: a past scheduled_at would publish them now; plan again with --backdate never")
		}
	}
	if err := e.loadDone(); err != nil {
		return e.report, err
	}
	if err := e.reconcilePending(ctx); err != nil {
		if errors.Is(err, errRunStopped) {
			err = nil
		}
		return e.finish(err)
	}
	return e.runPosts(ctx, e.todo())
}

// todo lists the posts still to create, in plan order.
func (e *executor) todo() []*PlannedPost {
	var posts []*PlannedPost
	for i := range e.plan.Posts {
		pp := &e.plan.Posts[i]
		if _, ok := e.results[pp.Key]; ok {
			continue
		}
		if st := e.j.Status(journal.Key(pp.Key)); st == journal.StatusPermanent || st == journal.StatusSkipped {
			continue
		}
		posts = append(posts, pp)
	}
	return posts
}

// runPosts creates posts in order while their media are uploaded ahead,
// and stops the uploads before the run's summary is written.
func (e *executor) runPosts(ctx context.Context, posts []*PlannedPost) (ExecReport, error) {
	up := e.startUploads(ctx, posts)
	err := e.postAll(ctx, up, posts)
	up.close()
	return e.finish(err)
}

func (e *executor) postAll(ctx context.Context, up *uploader, posts []*PlannedPost) error {
	for i, pp := range posts {
		ahead := len(posts)
		if e.cfg.Max > 0 {
			if e.report.Posted >= e.cfg.Max {
				e.report.Stopped = fmt.Sprintf("--max %d reached", e.cfg.Max)
				return nil
			}
			// Upload no further than --max lets this run post.
			ahead = e.cfg.Max - e.report.Posted - 1
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := up.take(ctx, i, ahead)
		if err != nil {
			return err
		}
		stop, err := e.post(ctx, pp, b)
		if err != nil || stop {
			return err
		}
	}
	return nil
}

// loadDone reads the outcomes of earlier runs.
func (e *executor) loadDone() error {
	for i := range e.plan.Posts {
		key := e.plan.Posts[i].Key
		raw, ok := e.j.Result(journal.Key(key))
		if !ok {
			continue
		}
		var r postResult
		if err := json.Unmarshal(raw, &r); err != nil || r.ID == "" {
			return fmt.Errorf("journal %s: outcome of %s has no status id", e.j.Path(), key)
		}
		e.results[key] = r
		e.claimed[r.ID] = true
	}
	return nil
}

// finish counts what is left and how long it takes at the server's
// limits, writes the run's summary and returns.
func (e *executor) finish(err error) (ExecReport, error) {
	e.report.Done = len(e.results)
	// Settled: posted, or failed for good, or skipped; the rest is left.
	left := EstimatePlan(e.plan, e.cfg.Limits, func(k string) bool {
		if _, ok := e.results[k]; ok {
			return true
		}
		st := e.j.Status(journal.Key(k))
		return st == journal.StatusPermanent || st == journal.StatusSkipped
	})
	e.report.Left, e.report.LeftDuration = left.Posts, left.Duration
	if ferr := e.j.Finish(e.report); ferr != nil && err == nil {
		err = fmt.Errorf("journal: %w", ferr)
	}
	return e.report, err
}

func (e *executor) emit(ev ExecEvent) {
	if e.cfg.OnEvent == nil {
		return
	}
	ev.Done, ev.Total = len(e.results), len(e.plan.Posts)
	e.cfg.OnEvent(ev)
}

// post creates one planned post with its media batch. stop ends the run
// (keeping order): a rate limit the client will not wait for, or a
// temporary failure.
func (e *executor) post(ctx context.Context, pp *PlannedPost, b *mediaBatch) (stop bool, err error) {
	key := journal.Key(pp.Key)
	req := e.request(pp)
	intent := postIntent{
		Fingerprint: contentFingerprint(req.Text),
		ReplyToID:   req.InReplyToID,
		Media:       len(pp.Media),
		Idempotency: req.IdempotencyKey,
		At:          e.cfg.Now().UTC(),
	}
	if err := e.j.Intent(key, intent); err != nil {
		return true, fmt.Errorf("journal: %w", err)
	}
	reuploaded := false
	for attempt := 0; ; attempt++ {
		ids, dropped, stop, err := e.useMedia(pp, b)
		if err != nil || stop {
			return stop, err
		}
		if dropped > 0 && e.cfg.StrictMedia {
			return false, e.fail(pp, true, "media missing or rejected (--strict-media)")
		}
		req.MediaIDs = ids
		if strings.TrimSpace(req.Text) == "" && len(req.MediaIDs) == 0 {
			// Only media that all failed: nothing left to post.
			return false, e.fail(pp, true, "no text and none of its media could be uploaded")
		}
		res, err := e.srv.PostStatus(ctx, req)
		switch {
		case err == nil:
			return false, e.succeed(pp, postResult{ID: res.ID, URL: res.URL, Scheduled: res.Scheduled}, EventPosted)
		case errors.Is(err, ErrUncertain):
			// The post may exist: look before posting again.
			found, rerr := e.reconcileOne(ctx, pp.Key, intent)
			if errors.Is(rerr, errRunStopped) {
				return true, nil
			}
			if rerr != nil {
				return true, rerr
			}
			if found {
				return false, nil
			}
			if attempt < 2 {
				continue
			}
			return true, e.fail(pp, false, err.Error())
		case (errors.Is(err, job.ErrRefused) || errors.Is(err, job.ErrNotFound)) && b.anyReused() && !reuploaded:
			// Uploads from an earlier run may have expired on the server
			// (Mastodon answers 422, GoToSocial 400 for an unknown media
			// id): upload those files afresh, once.
			b.forgetReused()
			b.issues, b.file, b.err = e.uploadMissing(ctx, pp, &b.prog)
			reuploaded = true
			continue
		}
		return e.postError(pp, err)
	}
}

// postError records a failed post and decides whether the run goes on.
func (e *executor) postError(pp *PlannedPost, err error) (bool, error) {
	var rl *job.RateLimited
	switch {
	case errors.Is(err, job.ErrAuth), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		_ = e.j.Fail(journal.Key(pp.Key), journal.StatusRetryable, err.Error())
		return true, err
	case errors.As(err, &rl):
		return true, e.rateLimited(pp, rl, err)
	case errors.Is(err, job.ErrRefused):
		return false, e.fail(pp, true, err.Error())
	}
	return true, e.stopOn(pp, err)
}

func (e *executor) rateLimited(pp *PlannedPost, rl *job.RateLimited, err error) error {
	if ferr := e.j.Fail(journal.Key(pp.Key), journal.StatusRetryable, err.Error()); ferr != nil {
		return fmt.Errorf("journal: %w", ferr)
	}
	if werr := e.j.Wait(rl.Until, "rate limited"); werr != nil {
		return fmt.Errorf("journal: %w", werr)
	}
	e.report.Stopped = "rate limited until " + rl.Until.UTC().Format(time.RFC3339)
	e.report.NextAfter = rl.Until
	e.emit(ExecEvent{Kind: EventWaiting, Key: pp.Key, TweetID: pp.TweetID, Until: rl.Until, Reason: "rate limited"})
	return nil
}

// stopOn records a temporary failure and stops the run, so that later
// posts (a thread's next part) are not created before this one.
func (e *executor) stopOn(pp *PlannedPost, err error) error {
	if ferr := e.fail(pp, false, err.Error()); ferr != nil {
		return ferr
	}
	e.report.Stopped = "temporary failure on " + pp.Key + ": " + err.Error()
	return nil
}

func (e *executor) fail(pp *PlannedPost, permanent bool, reason string) error {
	how := journal.StatusRetryable
	if permanent {
		how = journal.StatusPermanent
	}
	if err := e.j.Fail(journal.Key(pp.Key), how, reason); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	e.report.Failed = append(e.report.Failed, Failure{Key: pp.Key, TweetID: pp.TweetID, Reason: reason, Permanent: permanent})
	e.emit(ExecEvent{Kind: EventFailed, Key: pp.Key, TweetID: pp.TweetID, Reason: reason})
	return nil
}

func (e *executor) succeed(pp *PlannedPost, r postResult, kind string) error {
	if err := e.j.Succeed(journal.Key(pp.Key), r); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	e.results[pp.Key] = r
	e.claimed[r.ID] = true
	if kind == EventReconciled {
		e.report.Reconciled++
	} else {
		e.report.Posted++
	}
	e.emit(ExecEvent{Kind: kind, Key: pp.Key, TweetID: pp.TweetID, StatusID: r.ID, URL: r.URL})
	return nil
}

// request builds the status for a post, resolving its reply and quote
// edges to the statuses created for them.
func (e *executor) request(pp *PlannedPost) StatusRequest {
	req := StatusRequest{
		Text:           pp.Text,
		Visibility:     pp.Visibility,
		Language:       pp.Language,
		ScheduledAt:    pp.ScheduledAt,
		IdempotencyKey: IdempotencyKey(e.cfg.Account, pp.Key),
	}
	if pp.ReplyTo != "" {
		if r, ok := e.results[pp.ReplyTo]; ok {
			req.InReplyToID = r.ID
		} else if !e.detached(pp.Key) {
			// The parent failed for good: post on its own rather than lose it.
			e.report.Detached = append(e.report.Detached, pp.Key)
		}
	}
	if pp.QuoteOf != "" {
		r, ok := e.results[pp.QuoteOf]
		switch {
		case ok && pp.QuoteNative:
			req.QuotedStatusID = r.ID
		case ok && r.URL != "" && pp.QuoteURL != "":
			req.Text = strings.Replace(req.Text, pp.QuoteURL, r.URL, 1)
		case !ok && pp.QuoteNative:
			// The plan reserved room for the link it removed.
			req.Text = strings.TrimSpace(req.Text + "\n\n" + pp.QuoteURL)
		}
	}
	return req
}

func (e *executor) detached(key string) bool {
	for _, k := range e.report.Detached {
		if k == key {
			return true
		}
	}
	return false
}
