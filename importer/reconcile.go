package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/journal"
)

// errRunStopped ends a run early without failing the job (a rate limit
// while reconciling); the report says why.
var errRunStopped = errors.New("run stopped")

// reconcileSlack is how much older than its intent a status may look and
// still be the one the intent created (clock skew between us and the
// server).
const reconcileSlack = 10 * time.Minute

// contentFingerprint identifies a status by its text: only letters and
// digits, lower-cased, so the server's HTML rendering (links, line
// breaks, escaping) does not matter. The "(i/n)" markers and the footer's
// tweet id keep posts of different tweets apart.
func contentFingerprint(text string) string {
	var b strings.Builder
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:12])
}

// HTMLText turns a status's HTML content into plain text: line breaks and
// paragraphs become newlines, other tags are dropped, entities decoded.
func HTMLText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		tag := strings.ToLower(s[i+1 : i+j])
		switch {
		case strings.HasPrefix(tag, "br"):
			b.WriteByte('\n')
		case tag == "/p":
			b.WriteString("\n\n")
		}
		s = s[i+j+1:]
	}
	return strings.TrimSpace(html.UnescapeString(b.String()))
}

// wanted is a post whose outcome is unknown.
type wanted struct {
	post   *PlannedPost
	intent postIntent
	found  *RemoteStatus
}

// reconcilePending looks for every post a crash left without an outcome.
// Found ones are recorded as done; the others are marked retryable, to be
// posted again in their turn.
func (e *executor) reconcilePending(ctx context.Context) error {
	byKey := make(map[string]*PlannedPost, len(e.plan.Posts))
	for i := range e.plan.Posts {
		byKey[e.plan.Posts[i].Key] = &e.plan.Posts[i]
	}
	var ws []*wanted
	for _, k := range e.j.Pending() {
		pp, ok := byKey[string(k)]
		if !ok {
			continue // not in this plan; keys stay in the journal
		}
		w := &wanted{post: pp}
		if ent, ok := e.j.Entry(k); ok && len(ent.Intent) > 0 {
			if err := json.Unmarshal(ent.Intent, &w.intent); err != nil {
				return fmt.Errorf("journal %s: intent of %s: %w", e.j.Path(), k, err)
			}
		}
		if w.intent.Stage == stageMedia {
			continue // only media were uploaded ahead; the post was never sent
		}
		ws = append(ws, w)
	}
	if len(ws) == 0 {
		return nil
	}
	if err := e.findOnServer(ctx, ws); err != nil {
		return err
	}
	for _, w := range ws {
		if w.found != nil {
			if err := e.succeed(w.post, postResult{ID: w.found.ID, URL: w.found.URL, Reconciled: true}, EventReconciled); err != nil {
				return err
			}
			continue
		}
		if err := e.j.Fail(journal.Key(w.post.Key), journal.StatusRetryable, "not found on the server after an interrupted run"); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
	}
	return nil
}

// reconcileOne looks for one post after an uncertain failure.
func (e *executor) reconcileOne(ctx context.Context, key string, in postIntent) (bool, error) {
	var pp *PlannedPost
	for i := range e.plan.Posts {
		if e.plan.Posts[i].Key == key {
			pp = &e.plan.Posts[i]
			break
		}
	}
	w := &wanted{post: pp, intent: in}
	if err := e.findOnServer(ctx, []*wanted{w}); err != nil {
		return false, err
	}
	if w.found == nil {
		return false, nil
	}
	return true, e.succeed(pp, postResult{ID: w.found.ID, URL: w.found.URL, Reconciled: true}, EventReconciled)
}

// findOnServer looks for the wanted posts among the account's statuses,
// matching each by text fingerprint, reply target and media count, never
// to a status another post already owns. Backdated posts are looked for
// around their dates where the server can list by date (findDated);
// the others, and backdated ones elsewhere, by paging the history newest
// first (findRecent). ReconcileLimit bounds the statuses read by both.
func (e *executor) findOnServer(ctx context.Context, ws []*wanted) error {
	seen := 0
	rest := ws
	if dl, ok := e.srv.(DatedLister); ok {
		var dated []*wanted
		rest = nil
		for _, w := range ws {
			if w.post.ScheduledAt.IsZero() {
				rest = append(rest, w)
			} else {
				dated = append(dated, w)
			}
		}
		if len(dated) > 0 {
			listed, err := e.findDated(ctx, dl, dated, &seen)
			if err != nil {
				return err
			}
			if !listed {
				rest = append(rest, dated...)
			}
		}
	}
	if len(rest) == 0 || e.readEnough(seen) {
		return nil
	}
	return e.findRecent(ctx, rest, &seen)
}

// findRecent pages through the account's statuses, newest first. Posts
// that are not backdated were created after their intent, so paging stops
// at statuses older than the oldest intent; a backdated post (or one
// without a recorded intent time) can sit anywhere in the history.
func (e *executor) findRecent(ctx context.Context, ws []*wanted, seen *int) error {
	oldest, backdated := time.Time{}, false
	for _, w := range ws {
		if !w.post.ScheduledAt.IsZero() || w.intent.At.IsZero() {
			backdated = true
		} else if oldest.IsZero() || w.intent.At.Before(oldest) {
			oldest = w.intent.At
		}
	}
	left := 0
	for _, w := range ws {
		if w.found == nil {
			left++
		}
	}
	if left == 0 {
		return nil
	}
	for rs, err := range e.srv.RecentStatuses(ctx) {
		if err != nil {
			return e.listErr(err)
		}
		*seen++
		if !backdated && !rs.CreatedAt.IsZero() && rs.CreatedAt.Before(oldest.Add(-reconcileSlack)) {
			break
		}
		if e.match(rs, ws) {
			left--
		}
		if left == 0 || e.readEnough(*seen) {
			break
		}
	}
	return nil
}

// findDated reads the account's statuses in a window around each
// backdated post's date. It returns false when the server cannot list by
// date; the posts not found are then still to be looked for.
func (e *executor) findDated(ctx context.Context, dl DatedLister, ws []*wanted, seen *int) (bool, error) {
	for _, win := range datedWindows(ws) {
		if allFound(win.ws) {
			continue
		}
		for rs, err := range dl.StatusesCreatedBetween(ctx, win.from, win.to) {
			if err != nil {
				if errors.Is(err, ErrNoDatedListing) {
					return false, nil
				}
				return false, e.listErr(err)
			}
			*seen++
			e.match(rs, ws)
			if allFound(win.ws) || e.readEnough(*seen) {
				break
			}
		}
		if e.readEnough(*seen) {
			break
		}
	}
	return true, nil
}

// match records rs as the status of the first wanted post it fits,
// reporting whether it did.
func (e *executor) match(rs RemoteStatus, ws []*wanted) bool {
	if e.claimed[rs.ID] {
		return false
	}
	fp := contentFingerprint(rs.Text)
	for _, w := range ws {
		if w.found == nil && w.intent.Fingerprint == fp && rs.InReplyToID == w.intent.ReplyToID && rs.Media <= w.intent.Media {
			w.found = &rs
			e.claimed[rs.ID] = true
			return true
		}
	}
	return false
}

// readEnough: ReconcileLimit statuses have been read.
func (e *executor) readEnough(seen int) bool {
	return e.cfg.ReconcileLimit > 0 && seen >= e.cfg.ReconcileLimit
}

// listErr turns a failure to list statuses into the run's outcome: a
// rate limit stops the run until it opens (recorded in the journal),
// anything else fails it.
func (e *executor) listErr(err error) error {
	var rl *job.RateLimited
	if errors.As(err, &rl) {
		if werr := e.j.Wait(rl.Until, "rate limited while reconciling"); werr != nil {
			return fmt.Errorf("journal: %w", werr)
		}
		e.report.Stopped = "rate limited until " + rl.Until.UTC().Format(time.RFC3339)
		e.report.NextAfter = rl.Until
		return errRunStopped
	}
	return fmt.Errorf("reading the account's statuses to reconcile: %w", err)
}

// backdateSlack is how far from its post's scheduled_at a backdated
// status's id may date. GoToSocial takes the id and created_at from
// scheduled_at, which is sent to the second (the plan's millisecond
// offsets between parts of one tweet are cut off), and looks further for
// an unused id when one is taken; so the id lies within a second or so of
// the date. A minute leaves room for that, while two minutes of an
// account's history rarely hold more than one page of statuses. (Not
// reconcileSlack: no clock of ours is involved, the date is the plan's.)
const backdateSlack = time.Minute

// windowMergeGap joins windows this close into one: the statuses between
// them cost less than another request would (a page holds 40).
const windowMergeGap = 10 * time.Minute

// datedWindow is a stretch of the history to read, and the backdated
// posts whose statuses would be in it.
type datedWindow struct {
	from, to time.Time
	ws       []*wanted
}

// datedWindows groups backdated posts by date into windows of
// backdateSlack either side of each date, merging windows that overlap or
// lie within windowMergeGap of each other, oldest first.
func datedWindows(ws []*wanted) []datedWindow {
	sorted := slices.Clone(ws)
	slices.SortStableFunc(sorted, func(a, b *wanted) int { return a.post.ScheduledAt.Compare(b.post.ScheduledAt) })
	var out []datedWindow
	for _, w := range sorted {
		from, to := w.post.ScheduledAt.Add(-backdateSlack), w.post.ScheduledAt.Add(backdateSlack)
		if n := len(out); n > 0 && !from.After(out[n-1].to.Add(windowMergeGap)) {
			out[n-1].to = to
			out[n-1].ws = append(out[n-1].ws, w)
			continue
		}
		out = append(out, datedWindow{from: from, to: to, ws: []*wanted{w}})
	}
	return out
}

func allFound(ws []*wanted) bool {
	for _, w := range ws {
		if w.found == nil {
			return false
		}
	}
	return true
}
