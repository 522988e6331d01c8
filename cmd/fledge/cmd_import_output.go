package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/journal"
)

// importPrinter shows progress on stderr (a bar on a terminal, else a
// line per failure) and JSON lines under --json.
type importPrinter struct {
	f     *factory
	total int
	bar   *iostreams.Progress // nil when progress is off
}

func newImportPrinter(f *factory, total int) *importPrinter {
	p := &importPrinter{f: f, total: total}
	if f.IO.ProgressEnabled() && !f.Globals.JSON {
		p.bar = f.IO.NewProgress(int64(total), "importing")
	}
	return p
}

func (p *importPrinter) close() {
	p.bar.Done()
	p.bar = nil
}

func (p *importPrinter) event(ev importer.ExecEvent) {
	if p.f.Globals.JSON {
		writeJSONLine(p.f.IO.Out, ev)
		return
	}
	p.bar.Set(int64(ev.Done))
	switch ev.Kind {
	case importer.EventFailed:
		fmt.Fprintf(p.f.IO.ErrOut, "failed: tweet %s (%s): %s\n", ev.TweetID, ev.Key, ev.Reason)
	case importer.EventMedia:
		fmt.Fprintf(p.f.IO.ErrOut, "media left out: tweet %s: %s\n", ev.TweetID, ev.Reason)
	case importer.EventWaiting:
		fmt.Fprintf(p.f.IO.ErrOut, "rate limited until %s\n", ev.Until.Local().Format("Mon 15:04"))
	}
}

// report lists every skipped or failed tweet with its reason (stdout),
// then a summary line (stderr).
func (p *importPrinter) report(plan *importer.Plan, rep importer.ExecReport, job string) {
	if p.f.Globals.JSON {
		for _, s := range plan.Skipped {
			writeJSONLine(p.f.IO.Out, map[string]string{"type": "skipped", "tweet_id": s.TweetID, "reason": s.Reason})
		}
		writeJSONLine(p.f.IO.Out, struct {
			Type string `json:"type"`
			Job  string `json:"job"`
			importer.ExecReport
		}{"summary", job, rep})
		return
	}
	out := p.f.IO.Out
	for _, s := range plan.Skipped {
		fmt.Fprintf(out, "skipped\t%s\t%s\n", s.TweetID, s.Reason)
	}
	for _, fl := range rep.Failed {
		fmt.Fprintf(out, "failed\t%s\t%s\t%s\n", fl.TweetID, fl.Key, fl.Reason)
	}
	for _, m := range rep.MediaIssues {
		fmt.Fprintf(out, "media_issue\t%s\t%s\t%s\n", m.TweetID, m.File, m.Reason)
	}
	for _, k := range rep.Detached {
		fmt.Fprintf(out, "detached\t%s\tits thread parent failed; posted on its own\n", k)
	}
	msg := fmt.Sprintf("import %s: %d posted", job, rep.Posted)
	if rep.Reconciled > 0 {
		msg += fmt.Sprintf(", %d found already posted", rep.Reconciled)
	}
	msg += fmt.Sprintf(", %d failed; %d of %d done, %d left", len(rep.Failed), rep.Done, rep.Planned, rep.Left)
	if rep.Stopped != "" {
		msg += " (" + rep.Stopped + ")"
	}
	fmt.Fprintln(p.f.IO.ErrOut, msg)
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
	jobs, err := journal.ListAccount(filepath.Join(p.State, ref.Key))
	if err != nil {
		return err
	}
	n := 0
	for _, info := range jobs {
		if info.Kind != "import" && info.Kind != "undo" {
			continue
		}
		n++
		if f.Globals.JSON {
			writeJSONLine(f.IO.Out, importStatusLine(info))
			continue
		}
		if info.Err != nil {
			fmt.Fprintf(f.IO.Out, "%s\t%s\terror: %v\n", info.Job, info.Kind, info.Err)
			continue
		}
		c := info.Counts
		line := fmt.Sprintf("%s\t%s\t%d done\t%d failed\t%d left\tupdated %s", info.Job, info.Kind, c.Done, c.Failed(), c.Left(), info.Updated.Local().Format("2006-01-02 15:04"))
		if info.NextAllowed.After(time.Now()) {
			line += "\twaiting until " + info.NextAllowed.Local().Format("Mon 15:04")
		}
		fmt.Fprintln(f.IO.Out, line)
	}
	if n == 0 && !f.Globals.JSON {
		fmt.Fprintf(f.IO.ErrOut, "no import jobs for %s\n", ref.Name())
	}
	return nil
}

func importStatusLine(info journal.JobInfo) any {
	type line struct {
		Type        string    `json:"type"`
		Job         string    `json:"job"`
		Kind        string    `json:"kind"`
		Done        int       `json:"done"`
		Failed      int       `json:"failed"`
		Left        int       `json:"left"`
		Updated     time.Time `json:"updated"`
		NextAllowed time.Time `json:"next_allowed,omitzero"`
		Error       string    `json:"error,omitempty"`
	}
	l := line{Type: "job", Job: info.Job, Kind: info.Kind, Updated: info.Updated, NextAllowed: info.NextAllowed}
	if info.Err != nil {
		l.Error = info.Err.Error()
		return l
	}
	l.Done, l.Failed, l.Left = info.Counts.Done, info.Counts.Failed(), info.Counts.Left()
	return l
}
