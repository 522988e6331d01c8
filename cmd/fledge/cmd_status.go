package main

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

type statusOptions struct {
	Account string
}

func newStatusCmd(f *factory) *cobra.Command {
	opts := &statusOptions{}
	cmd := &cobra.Command{
		Use:     "status",
		Short:   "Show every job's progress: done, left, failed, next allowed time, ETA",
		GroupID: "info",
		Long: `List every job fledge has journalled (follow, block, mute, import, undo, and
the steps of fledge run), for every account under the state directory
($XDG_STATE_HOME/fledge): how many items are done, left and failed, when the
server allows the job to go on, an estimate of when it will be done, and
its state:

  done               nothing left
  waiting            stopped for a rate limit until the "next" time
  awaiting approval  all that is left waits for follow requests to be
                     accepted; the next run retries it
  stopped            the last run ended (--max, --no-wait, failures); run it again
  in progress        running now
  interrupted        the last run was stopped midway; run the same command again

The ETA assumes the job runs without pause from the later of now and the
next allowed time. An import's comes from its last run, which measured the
work left at the limits of the server it ran against (GoToSocial has only a
request limit; Mastodon limits posts and media uploads). Other jobs, and
imports that never ran, are timed at the limits fledge starts with on a
server it does not know yet (Mastodon's), less the 10% fledge leaves for
the account's other apps: ` + statusLimitsHelp() + `. On a server with higher limits the job ends
sooner.

The table is aligned on a terminal and tab-separated otherwise.`,
		Example: `  fledge status
  fledge status --account alice@example.social
  fledge status --json | jq 'select(.left > 0)'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runStatus(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Account, "account", "", "only the jobs of `USER@DOMAIN`")
	return cmd
}

// jobBuckets is the client's bucket that bounds each job kind.
var jobBuckets = map[string]mastodon.Bucket{
	"follow": mastodon.BucketFollows,
	"import": mastodon.BucketStatuses,
	"undo":   mastodon.BucketDeletes,
	"block":  mastodon.BucketAPI,
	"mute":   mastodon.BucketAPI,
}

// jobETA estimates when the items left will be done: from the later of
// now and next, at the sustained rate of the kind's bucket in the
// client's limits table for a server not known yet (status reads no
// server), less the client's headroom. ok is false for an unknown kind.
func jobETA(kind string, left int, now, next time.Time) (time.Time, bool) {
	b, ok := jobBuckets[kind]
	if !ok {
		return time.Time{}, false
	}
	r, ok := mastodon.LimitsFor(mastodon.ServerProfile{})[b]
	if !ok {
		return time.Time{}, false
	}
	start := now
	if next.After(now) {
		start = next
	}
	if left <= 0 {
		return start, true
	}
	return start.Add(r.Sustained(left, mastodon.DefaultHeadroom)), true
}

// jobStatus is one line of fledge status (a "job" line under --json).
type jobStatus struct {
	Account     string    `json:"account"`
	Job         string    `json:"job"`
	Kind        string    `json:"kind"`
	Done        int       `json:"done"`
	Left        int       `json:"left"`
	Failed      int       `json:"failed"`
	Awaiting    int       `json:"awaiting_approval,omitempty"` // follow requests not yet accepted
	NextAllowed time.Time `json:"next_allowed,omitzero"`
	ETA         time.Time `json:"eta,omitzero"`
	State       string    `json:"state"`
	Finished    bool      `json:"finished"`
	Updated     time.Time `json:"updated,omitzero"`
	Error       string    `json:"error,omitempty"`
}

// The states of a job, as status shows them.
const (
	jobDone        = "done"
	jobWaiting     = "waiting"
	jobAwaiting    = "awaiting approval"
	jobStopped     = "stopped"
	jobRunning     = "in progress"
	jobInterrupted = "interrupted"
	jobUnreadable  = "unreadable"
)

// jobProbe is what statusOf may ask of a job beyond its counts: how many
// of its failures are follow requests awaiting approval, and whether a
// process holds it now. runStatus reads the journal and its lock.
type jobProbe struct {
	awaiting func(journal.JobInfo) int
	running  func(journal.JobInfo) bool
}

func statusOf(info journal.JobInfo, now time.Time, probe jobProbe) jobStatus {
	s := jobStatus{Account: info.Account, Job: info.Job, Kind: info.Kind, Updated: info.Updated}
	if info.Err != nil {
		s.State, s.Error = jobUnreadable, info.Err.Error()
		return s
	}
	c := info.Counts
	s.Done, s.Left, s.Failed = c.Done, c.Left(), c.Failed()
	if info.Kind == profileJob {
		// A profile job plans "up to two images" and records only those
		// it sends, with no summary: it is done when nothing it began is
		// unanswered or failed.
		s.Left = c.Pending + c.Retryable
	}
	if s.Failed > 0 && probe.awaiting != nil {
		s.Awaiting = min(probe.awaiting(info), s.Failed)
		s.Failed -= s.Awaiting
	}
	if info.NextAllowed.After(now) {
		s.NextAllowed = info.NextAllowed.UTC()
	}
	s.Finished = s.Left == 0
	switch {
	case s.Left == 0:
		s.State = jobDone
	case info.NextAllowed.After(now):
		s.State = jobWaiting
	case s.Awaiting > 0 && s.Awaiting == s.Left:
		s.State = jobAwaiting
	case info.Finished:
		s.State = jobStopped
	case probe.running != nil && !probe.running(info):
		s.State = jobInterrupted
	default:
		s.State = jobRunning
	}
	if s.Left > 0 {
		if eta, ok := summaryETA(info.Kind, info.Summary, s.Left, now, info.NextAllowed, info.SummaryAt); ok {
			s.ETA = eta.UTC()
		} else if eta, ok := jobETA(info.Kind, s.Left, now, info.NextAllowed); ok {
			s.ETA = eta.UTC()
		}
	}
	return s
}

// summaryETA uses what an import or undo run recorded when it stopped:
// how long the work it left takes at the limits of the server it ran
// against, media uploads included. Scaled to what is left now, it is
// better than jobETA's guess at Mastodon's limits.
//
// The two durations count from different instants. An import's is the
// plan's estimate at the server's limits, so it starts once the job may
// act again (next). An undo's comes from the live pacer when the run
// stopped (at), so it already holds the wait for the window to open;
// starting it at next would count that wait twice.
func summaryETA(kind string, raw json.RawMessage, left int, now, next, at time.Time) (time.Time, bool) {
	if (kind != "import" && kind != "undo") || len(raw) == 0 {
		return time.Time{}, false
	}
	var leftThen int
	var d time.Duration
	if kind == "import" {
		var sum importer.ExecReport
		if json.Unmarshal(raw, &sum) != nil {
			return time.Time{}, false
		}
		leftThen, d = sum.Left, sum.LeftDuration
	} else {
		var sum importer.UndoReport
		if json.Unmarshal(raw, &sum) != nil {
			return time.Time{}, false
		}
		leftThen, d = sum.Left, sum.LeftDuration
	}
	if leftThen <= 0 || d <= 0 {
		return time.Time{}, false
	}
	scaled := time.Duration(float64(d) * float64(left) / float64(leftThen))
	if kind == "undo" && !at.IsZero() && at.Add(scaled).After(now) {
		return at.Add(scaled), true
	}
	start := now
	if next.After(now) {
		start = next
	}
	return start.Add(scaled), true
}

func runStatus(_ context.Context, f *factory, opts *statusOptions) error {
	p, err := f.paths()
	if err != nil {
		return err
	}
	jobs, err := journal.List(p.State)
	if err != nil {
		return err
	}
	want := strings.ToLower(strings.TrimPrefix(opts.Account, "@"))
	now := time.Now()
	if f.Now != nil {
		now = f.Now()
	}
	var lines []jobStatus
	for _, info := range jobs {
		if want != "" && !strings.EqualFold(info.Account, want) {
			continue
		}
		lines = append(lines, statusOf(info, now, journalProbe))
	}
	pr := f.printer()
	if pr.JSON() {
		for _, l := range lines {
			pr.Data("job", l, "")
		}
		return nil
	}
	if len(lines) == 0 {
		if want != "" {
			pr.Message("no jobs for %s under %s", want, p.State)
		} else {
			pr.Message("no jobs under %s", p.State)
		}
		return nil
	}
	return printStatusTable(pr.Table(), lines, f.IO.IsStdoutTTY(), now)
}
