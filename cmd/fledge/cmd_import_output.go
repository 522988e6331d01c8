package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/atomicfile"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/ui"
)

// scheduleEvery is how often a bar's ETA is asked of the pacer again: the
// schedule walks the plan, too much work for every post.
const scheduleEvery = 30 * time.Second

// importPrinter shows an import's (or an undo's) progress: a bar on a
// terminal, else a line per failure, and JSON lines under --json.
type importPrinter struct {
	p   ui.Printer
	now func() time.Time
	bar *ui.Bar // nil when progress is off
	// schedule, when set, is how long the work left takes at the pacer's
	// schedule once done posts are done: the bar's ETA is the plan's own.
	schedule func(done int) time.Duration
	asked    time.Time
}

func newImportPrinter(f *factory, total int) *importPrinter {
	return newPostsPrinter(f, total, "importing")
}

// newDeletePrinter is the printer of fledge undo.
func newDeletePrinter(f *factory, total int) *importPrinter {
	return newPostsPrinter(f, total, "deleting")
}

func newPostsPrinter(f *factory, total int, verb string) *importPrinter {
	p := f.printer()
	now := f.Now
	if now == nil {
		now = time.Now
	}
	return &importPrinter{p: p, now: now, bar: p.Progress(total, "posts", verb)}
}

// paceImport gives the bar the pacer's schedule for the plan's posts not
// yet in the journal, as its ETA: the plan's own estimate, again.
func (p *importPrinter) paceImport(plan *importer.Plan, c *mastodon.Client, jr *journal.Journal) {
	lim := adapter.EstimateLimits(c)
	p.schedule = func(int) time.Duration {
		st := jr.State()
		return importer.EstimatePlan(plan, lim, func(k string) bool { return st.Done(journal.Key(k)) }).Duration
	}
}

// paceDeletes gives an undo's bar the pacer's schedule for the deletions
// left of created.
func (p *importPrinter) paceDeletes(created int, c *mastodon.Client) {
	pace := adapter.DeletePace(c)
	p.schedule = func(done int) time.Duration { return pace(created - done) }
}

func (p *importPrinter) close() {
	p.bar.Done()
	p.bar = nil
}

func (p *importPrinter) event(ev importer.ExecEvent) {
	if p.p.JSON() {
		p.p.Data("", ev, "")
		return
	}
	p.bar.Set(ev.Done)
	if now := p.now(); p.bar != nil && p.schedule != nil && (p.asked.IsZero() || now.Sub(p.asked) >= scheduleEvery || ev.Kind == importer.EventWaiting) {
		p.asked = now
		p.bar.SetETA(now.Add(p.schedule(ev.Done)))
	}
	switch ev.Kind {
	case importer.EventPosted, importer.EventReconciled, importer.EventDeleted:
		p.p.V(1, "%s: tweet %s (%s) %s", ev.Kind, ev.TweetID, ev.Key, ev.URL)
	case importer.EventFailed:
		p.p.Message("failed: tweet %s (%s): %s", ev.TweetID, ev.Key, ev.Reason)
	case importer.EventMedia:
		p.p.Message("media left out: tweet %s: %s", ev.TweetID, ev.Reason)
	case importer.EventWaiting:
		p.p.Waiting("the server's rate limit", ev.Until.Local())
	}
}

// report lists every failed tweet with its reason (stdout), then a summary
// line (stderr). Skipped tweets are listed only under --json: in text they
// are counted by reason, the list being in the report file skipReport
// ("" when none was written), so a resume does not repeat them all.
func (p *importPrinter) report(plan *importer.Plan, rep importer.ExecReport, job, skipReport string) {
	if p.p.JSON() {
		for _, s := range plan.Skipped {
			p.p.Data("skipped", struct {
				TweetID string `json:"tweet_id"`
				Reason  string `json:"reason"`
			}{s.TweetID, s.Reason}, "")
		}
	} else {
		// Under --json the summary carries these lists.
		for _, fl := range rep.Failed {
			p.p.Data("", nil, fmt.Sprintf("failed\t%s\t%s\t%s", fl.TweetID, fl.Key, fl.Reason))
		}
		for _, m := range rep.MediaIssues {
			p.p.Data("", nil, fmt.Sprintf("media_issue\t%s\t%s\t%s", m.TweetID, m.File, m.Reason))
		}
		for _, k := range rep.Detached {
			p.p.Data("", nil, fmt.Sprintf("detached\t%s\tits thread parent failed; posted on its own", k))
		}
	}
	msg := fmt.Sprintf("import %s: %d posted", job, rep.Posted)
	if rep.Reconciled > 0 {
		msg += fmt.Sprintf(", %d found already posted", rep.Reconciled)
	}
	msg += fmt.Sprintf(", %d failed; %d of %d done, %d left", len(rep.Failed), rep.Done, rep.Planned, rep.Left)
	if rep.Stopped != "" {
		msg += " (" + rep.Stopped + ")"
	}
	skips := importer.SkipCounts(plan.Skipped)
	if len(skips) > 0 {
		msg += "\n" + skipLine(job, len(plan.Skipped), skips, skipReport)
	}
	p.p.Report("summary", struct {
		Job string `json:"job"`
		importer.ExecReport
		LeftDuration  ui.Seconds           `json:"left_duration,omitempty"`
		Skipped       []importer.SkipCount `json:"skipped,omitempty"`
		SkippedReport string               `json:"skipped_report,omitempty"`
	}{job, rep, ui.Seconds(rep.LeftDuration), skips, skipReport}, msg)
}

// skipLine is the summary's sentence on the tweets that give no post.
func skipLine(job string, total int, skips []importer.SkipCount, report string) string {
	parts := make([]string, len(skips))
	for i, s := range skips {
		parts[i] = fmt.Sprintf("%d %s", s.Count, s.Reason)
	}
	line := fmt.Sprintf("import %s: %d tweets give no post: %s", job, total, strings.Join(parts, ", "))
	if report != "" {
		line += "; the list is in " + report
	}
	return line
}

// writeSkipReport writes the plan's skipped tweets next to the job's
// journal, atomically, and returns its path; "" when nothing was skipped
// (an older report of the job is removed then, as it no longer holds).
func writeSkipReport(journalPath string, skips []importer.Skip) (string, error) {
	path := strings.TrimSuffix(journalPath, ".jsonl") + ".skipped.tsv"
	if len(skips) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("remove the old report of skipped tweets: %w", err)
		}
		return "", nil
	}
	err := atomicfile.Write(path, 0o600, func(w io.Writer) error { return importer.WriteSkipReport(w, skips) })
	if err != nil {
		return "", fmt.Errorf("report of skipped tweets: %w", err)
	}
	return path, nil
}

// runImportStatus lists the account's import jobs and their progress.
func runImportStatus(ctx context.Context, f *factory, opts *importOptions) error {
	// The client is only used to learn user@domain of an environment
	// account (FLEDGE_TOKEN); a stored account needs no request.
	_, ref, err := f.followClient(ctx, opts.Account, false)
	if err != nil {
		return err
	}
	p, err := f.paths()
	if err != nil {
		return err
	}
	jobs, err := journal.ListAccount(p.AccountDir(ref.Key))
	if err != nil {
		return err
	}
	out := f.printer()
	tb := out.Table() // aligned on a terminal, tab-separated when piped
	n := 0
	for _, info := range jobs {
		if info.Kind != "import" && info.Kind != "undo" {
			continue
		}
		n++
		if out.JSON() {
			out.Data("job", importStatusLine(info), "")
			continue
		}
		tb.Row(importStatusCells(info)...)
	}
	if err := tb.Flush(); err != nil {
		return err
	}
	if n == 0 {
		out.Message("no import jobs for %s", ref.Name())
	}
	return nil
}

// importStatusCells is a job's row.
func importStatusCells(info journal.JobInfo) []string {
	if info.Err != nil {
		return []string{info.Job, info.Kind, fmt.Sprintf("error: %v", info.Err)}
	}
	c := info.Counts
	row := []string{info.Job, info.Kind, fmt.Sprintf("%d done", c.Done), fmt.Sprintf("%d failed", c.Failed()), fmt.Sprintf("%d left", c.Left()), "updated " + info.Updated.Local().Format("2006-01-02 15:04")}
	if info.NextAllowed.After(time.Now()) {
		row = append(row, "waiting until "+info.NextAllowed.Local().Format("Mon 15:04"))
	}
	return row
}

func importStatusLine(info journal.JobInfo) any {
	type line struct {
		Job         string    `json:"job"`
		Kind        string    `json:"kind"`
		Done        int       `json:"done"`
		Failed      int       `json:"failed"`
		Left        int       `json:"left"`
		Updated     time.Time `json:"updated"`
		NextAllowed time.Time `json:"next_allowed,omitzero"`
		Error       string    `json:"error,omitempty"`
	}
	l := line{Job: info.Job, Kind: info.Kind, Updated: info.Updated, NextAllowed: info.NextAllowed}
	if info.Err != nil {
		l.Error = info.Err.Error()
		return l
	}
	l.Done, l.Failed, l.Left = info.Counts.Done, info.Counts.Failed(), info.Counts.Left()
	return l
}

// undoReport lists the deletions that failed (stdout), then a summary line
// (stderr).
func (p *importPrinter) undoReport(rep importer.UndoReport, job string) {
	if !p.p.JSON() {
		for _, fl := range rep.Failed {
			p.p.Data("", nil, fmt.Sprintf("failed\t%s\t%s", fl.Key, fl.Reason))
		}
	}
	msg := fmt.Sprintf("undo %s: %d deleted, %d already gone, %d failed; %d of %d done, %d left", job, rep.Deleted, rep.Gone, len(rep.Failed), rep.Done, rep.Created, rep.Left)
	if rep.Stopped != "" {
		msg += " (" + rep.Stopped + ")"
	}
	p.p.Report("summary", struct {
		importer.UndoReport
		LeftDuration ui.Seconds `json:"left_duration,omitempty"`
	}{rep, ui.Seconds(rep.LeftDuration)}, msg)
}

// estimateJSON is a dry run's estimate as its JSON line shows it, the
// duration in seconds.
func estimateJSON(est importer.Estimate, private importer.PrivateCounts, job string) any {
	return struct {
		importer.Estimate
		Duration ui.Seconds             `json:"duration"`
		Private  importer.PrivateCounts `json:"private"`
		Job      string                 `json:"job"`
	}{est, ui.Seconds(est.Duration), private, job}
}
