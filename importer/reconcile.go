package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"
	"unicode"

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

// findOnServer pages through the account's statuses, newest first,
// matching each wanted post by text fingerprint, reply target and media
// count, never to a status another post already owns. Backdated posts can
// sit anywhere in the history; others were created after their intent,
// so paging stops at statuses older than the oldest intent.
func (e *executor) findOnServer(ctx context.Context, ws []*wanted) error {
	oldest, backdated := time.Time{}, false
	for _, w := range ws {
		if !w.post.ScheduledAt.IsZero() || w.intent.At.IsZero() {
			backdated = true
		} else if oldest.IsZero() || w.intent.At.Before(oldest) {
			oldest = w.intent.At
		}
	}
	left, seen := len(ws), 0
	for rs, err := range e.srv.RecentStatuses(ctx) {
		if err != nil {
			var rl *RateLimited
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
		seen++
		if !backdated && !rs.CreatedAt.IsZero() && rs.CreatedAt.Before(oldest.Add(-reconcileSlack)) {
			break
		}
		if !e.claimed[rs.ID] {
			fp := contentFingerprint(rs.Text)
			for _, w := range ws {
				if w.found == nil && w.intent.Fingerprint == fp && rs.InReplyToID == w.intent.ReplyToID && rs.Media <= w.intent.Media {
					w.found = &rs
					e.claimed[rs.ID] = true
					left--
					break
				}
			}
		}
		if left == 0 || e.cfg.ReconcileLimit > 0 && seen >= e.cfg.ReconcileLimit {
			break
		}
	}
	return nil
}
