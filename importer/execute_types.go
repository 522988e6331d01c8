package importer

import (
	"context"
	"errors"
	"io"
	"iter"
	"time"
)

// Poster is what an import needs from the server. cmd/fledge implements
// it over internal/mastodon; tests use a fake or the mastotest server.
// Errors are wrapped in the jobs' sentinels (package job): ErrAuth,
// ErrRefused (a permanent refusal), ErrNotFound, *RateLimited, and this
// package's ErrUncertain.
// Anything else counts as a temporary failure.
type Poster interface {
	PostStatus(ctx context.Context, s StatusRequest) (PostedStatus, error)
	// UploadMedia uploads one file and waits until the server has
	// processed it, returning the attachment id.
	UploadMedia(ctx context.Context, m MediaRequest) (string, error)
	// RecentStatuses yields the account's own statuses, newest first.
	RecentStatuses(ctx context.Context) iter.Seq2[RemoteStatus, error]
	DeleteStatus(ctx context.Context, id string) error
}

// DatedLister is implemented by a Poster whose server can list the
// account's statuses by creation date: GoToSocial, whose status ids are
// ULIDs of the creation time (of scheduled_at for backdated statuses).
// Reconciling a backdated post then reads only the statuses around its
// date instead of paging the account's whole history.
type DatedLister interface {
	// StatusesCreatedBetween yields the account's statuses created from
	// from to to, both inclusive, oldest first. An error matching
	// ErrNoDatedListing means this server cannot; the executor then
	// pages RecentStatuses.
	StatusesCreatedBetween(ctx context.Context, from, to time.Time) iter.Seq2[RemoteStatus, error]
}

// ErrNoDatedListing means the server cannot list statuses by date.
var ErrNoDatedListing = errors.New("the server cannot list statuses by date")

// ErrUncertain means a request failed after it was sent: the server may
// or may not have acted on it, so the executor reconciles before trying
// again.
var ErrUncertain = errors.New("the server may have acted on the request")

// StatusRequest is one status to create.
type StatusRequest struct {
	Text           string
	InReplyToID    string
	MediaIDs       []string
	Visibility     string
	Language       string
	ScheduledAt    time.Time // backdating only (GoToSocial ≥ 0.18)
	QuotedStatusID string
	// IdempotencyKey is derived from the account and the post's key, so a
	// repeat after a crash returns the first status on Mastodon.
	IdempotencyKey string
}

// PostedStatus is the server's answer to a post.
type PostedStatus struct {
	ID        string
	URL       string
	Scheduled bool // the server scheduled it instead of publishing it
}

// MediaRequest is one file to upload.
type MediaRequest struct {
	FileName    string // base name
	ContentType string
	Description string
	Open        func() (io.ReadCloser, error)
}

// RemoteStatus is one of the account's statuses as the server lists it.
type RemoteStatus struct {
	ID          string
	URL         string
	Text        string // plain text (HTMLText of the content)
	InReplyToID string
	Media       int
	CreatedAt   time.Time
}

// OpenFunc opens a file of the archive.
type OpenFunc func(file string) (io.ReadCloser, error)

// ExecConfig configures Execute.
type ExecConfig struct {
	Account string   // user@domain, part of every Idempotency-Key
	Open    OpenFunc // archive files, for media
	// CanBackdate must be true, as found on the live server, for a plan
	// with scheduled_at dates to run: a past scheduled_at sent to a
	// server that cannot backdate would publish at once.
	CanBackdate bool
	Max         int  // stop after creating this many posts (0: no limit)
	StrictMedia bool // a media file that fails makes its post fail
	// ReconcileLimit bounds how many of the account's statuses are read
	// to reconcile posts whose outcome a crash lost (0: all).
	ReconcileLimit int
	// Limits are the server's buckets as the client paces them, for the
	// time the work left takes; required (Execute refuses zero limits).
	Limits EstimateLimits
	// Ahead bounds uploading media for later posts while earlier ones
	// wait for the statuses budget (zero: DefaultLookAhead).
	Ahead   LookAhead
	OnEvent func(ExecEvent)
	Now     func() time.Time
}

// LookAhead bounds how far media uploads run ahead of posting. Uploading
// ahead keeps both budgets busy wherever the archive puts its media; the
// bound is what a crash can leave uploaded but unattached (journalled,
// and reused by the next run while the server still keeps it).
type LookAhead struct {
	// Posts is how many posts after the one being posted may have their
	// media uploaded (0: the default; negative: none, upload then post).
	Posts int
	// Media is how many uploaded files may wait for their post (0: the
	// default). A post with more files than this uploads on its turn.
	Media int
}

// DefaultLookAhead keeps up to one Mastodon media window (30 uploads)
// ready, within the next 50 posts: at Mastodon's pace that is under an
// hour of posting, far inside the day an unattached upload is kept.
var DefaultLookAhead = LookAhead{Posts: 50, Media: 30}

// Event kinds.
const (
	EventPosted     = "posted"
	EventReconciled = "reconciled" // found on the server after a crash
	EventFailed     = "failed"
	EventMedia      = "media" // a media file will not be attached
	EventWaiting    = "waiting"
	EventDeleted    = "deleted"
)

// ExecEvent reports progress, for the CLI's progress line and --json.
type ExecEvent struct {
	Kind     string    `json:"type"`
	Key      string    `json:"key,omitempty"`
	TweetID  string    `json:"tweet_id,omitempty"`
	StatusID string    `json:"status_id,omitempty"`
	URL      string    `json:"url,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Until    time.Time `json:"until,omitzero"`
	Done     int       `json:"done"`  // posts done so far, all runs
	Total    int       `json:"total"` // posts in the plan
}

// Failure is a post that was not created, and why.
type Failure struct {
	Key       string `json:"key"`
	TweetID   string `json:"tweet_id"`
	Reason    string `json:"reason"`
	Permanent bool   `json:"permanent"`
}

// ExecReport is what a run did, and what is left.
type ExecReport struct {
	Planned     int          `json:"planned"`
	Posted      int          `json:"posted"`     // created in this run
	Reconciled  int          `json:"reconciled"` // found on the server instead of posting again
	Done        int          `json:"done"`       // done over all runs
	Left        int          `json:"left"`       // still to post
	Failed      []Failure    `json:"failed,omitempty"`
	MediaIssues []MediaIssue `json:"media_issues,omitempty"`
	Detached    []string     `json:"detached,omitempty"` // keys posted without their thread parent (it failed)
	// Stopped says why the run ended early ("" when it went through the
	// plan): --max, a rate limit with --no-wait, a server failure.
	Stopped   string    `json:"stopped,omitempty"`
	NextAfter time.Time `json:"next_after,omitzero"` // when a rate limit opens again
	// LeftDuration is how long the posts and uploads left take at the
	// server's limits, so `fledge status` can give an ETA without the
	// plan.
	LeftDuration time.Duration `json:"left_duration,omitempty"`
}
