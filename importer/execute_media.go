package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"time"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/journal"
)

// droppedMedia marks, in postProgress, a file that will not be attached.
const droppedMedia = "-"

// mediaReuseAge is how old a journalled upload may be and still be
// attached by a later run. Servers delete uploads never attached to a
// status: Mastodon after a day (Vacuum::MediaAttachmentsVacuum, TTL
// 1 day), GoToSocial after 3 days. The margin leaves room for a post that
// then waits hours for the statuses window (3 h on Mastodon) and for
// clock skew; older uploads are made again instead of being refused.
const mediaReuseAge = 18 * time.Hour

// errJournal marks a journal write that failed while uploading: it stops
// the job, as every journal failure does.
var errJournal = errors.New("journal")

// mediaBatch is the media of one post, uploaded (ahead of its turn or on
// it) and journalled, waiting for the post.
type mediaBatch struct {
	prog   postProgress
	reused []bool       // ids journalled by an earlier run, which the server may have dropped since
	issues []MediaIssue // files dropped while uploading, not reported yet
	err    error        // the upload that stopped the batch: rate limit, auth, cancellation, server failure
	file   string       // the file err is about
	// aheadHeld is what the batch counts against the look-ahead's
	// files, from its upload ahead of the poster until the poster takes it.
	aheadHeld int
}

// held is how many uploaded files the batch holds for its post.
func (b *mediaBatch) held() int {
	n := 0
	for _, id := range b.prog.MediaIDs {
		if id != "" && id != droppedMedia {
			n++
		}
	}
	return n
}

// anyReused reports whether an id from an earlier run is still in use.
func (b *mediaBatch) anyReused() bool {
	for i, r := range b.reused {
		if r && b.prog.MediaIDs[i] != "" && b.prog.MediaIDs[i] != droppedMedia {
			return true
		}
	}
	return false
}

// forgetReused drops the ids of earlier runs, to upload those files again.
func (b *mediaBatch) forgetReused() {
	for i, r := range b.reused {
		if r && b.prog.MediaIDs[i] != droppedMedia {
			b.prog.MediaIDs[i], b.prog.Uploaded[i] = "", time.Time{}
		}
	}
	b.reused = nil
}

// prepareMedia gets a post's media ready: ids a killed or stopped run
// journalled are reused while the server still keeps them, the rest are
// uploaded, and each new id is journalled before anything uses it.
func (e *executor) prepareMedia(ctx context.Context, pp *PlannedPost) *mediaBatch {
	b := e.earlierUploads(pp)
	if len(pp.Media) == 0 || complete(b.prog) {
		return b
	}
	key := journal.Key(pp.Key)
	if e.j.Status(key) != journal.StatusPending {
		// Progress is journalled under an intent; this one says nothing
		// was posted yet, so a resumed run need not look for the post.
		in := postIntent{Stage: stageMedia, Media: len(pp.Media), At: e.cfg.Now().UTC()}
		if err := e.j.Intent(key, in); err != nil {
			b.err = fmt.Errorf("%w: %w", errJournal, err)
			return b
		}
	}
	b.issues, b.file, b.err = e.uploadMissing(ctx, pp, &b.prog)
	return b
}

// earlierUploads reads the media ids earlier attempts journalled for pp.
func (e *executor) earlierUploads(pp *PlannedPost) *mediaBatch {
	b := &mediaBatch{}
	if ent, ok := e.j.Entry(journal.Key(pp.Key)); ok && len(ent.Progress) > 0 {
		_ = json.Unmarshal(ent.Progress, &b.prog)
	}
	n := len(pp.Media)
	if len(b.prog.MediaIDs) != n {
		b.prog = postProgress{}
	}
	b.prog.MediaIDs = growTo(b.prog.MediaIDs, n)
	b.prog.Uploaded = growTo(b.prog.Uploaded, n)
	b.reused = make([]bool, n)
	now := e.cfg.Now()
	for i, id := range b.prog.MediaIDs {
		switch {
		case id == "" || id == droppedMedia:
		case !b.prog.Uploaded[i].IsZero() && now.Sub(b.prog.Uploaded[i]) > mediaReuseAge:
			// The server has likely deleted it: upload again.
			b.prog.MediaIDs[i], b.prog.Uploaded[i] = "", time.Time{}
		default:
			b.reused[i] = true
		}
	}
	return b
}

func growTo[T any](s []T, n int) []T {
	if len(s) == n {
		return s
	}
	return make([]T, n)
}

func complete(p postProgress) bool {
	for _, id := range p.MediaIDs {
		if id == "" {
			return false
		}
	}
	return true
}

// uploadMissing uploads the post's files that have no id yet, journalling
// each id as it arrives, so a crash or Ctrl-C right after an upload still
// keeps it. Files the server refuses or the archive cannot give are
// dropped and returned as issues; any other failure stops the batch and
// is returned with its file.
func (e *executor) uploadMissing(ctx context.Context, pp *PlannedPost, prog *postProgress) (issues []MediaIssue, file string, err error) {
	for i, m := range pp.Media {
		if prog.MediaIDs[i] != "" {
			continue
		}
		id, err := e.uploadOne(ctx, m)
		switch {
		case err == nil:
			prog.MediaIDs[i], prog.Uploaded[i] = id, e.cfg.Now().UTC()
		case errors.Is(err, job.ErrRefused), errors.Is(err, errMediaUnreadable):
			prog.MediaIDs[i] = droppedMedia
			issues = append(issues, MediaIssue{TweetID: pp.TweetID, File: m.File, Reason: err.Error()})
		default:
			return issues, m.File, err
		}
		if err := e.j.Progress(journal.Key(pp.Key), prog); err != nil {
			return issues, m.File, fmt.Errorf("%w: %w", errJournal, err)
		}
	}
	return issues, "", nil
}

// useMedia reports the batch's dropped files and turns it into the ids
// to attach. stop ends the run: the batch's uploads stopped on a rate
// limit, a server failure, or a fatal error (returned).
func (e *executor) useMedia(pp *PlannedPost, b *mediaBatch) (ids []string, dropped int, stop bool, err error) {
	for _, is := range b.issues {
		e.report.MediaIssues = append(e.report.MediaIssues, is)
		e.emit(ExecEvent{Kind: EventMedia, Key: pp.Key, TweetID: pp.TweetID, Reason: is.File + ": " + is.Reason})
	}
	b.issues = nil
	var rl *job.RateLimited
	switch err := b.err; {
	case err == nil:
	case errors.Is(err, errJournal):
		return nil, 0, true, err
	case errors.Is(err, job.ErrAuth), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		_ = e.j.Fail(journal.Key(pp.Key), journal.StatusRetryable, err.Error())
		return nil, 0, true, err
	case errors.As(err, &rl):
		return nil, 0, true, e.rateLimited(pp, rl, err)
	default:
		return nil, 0, true, e.stopOn(pp, fmt.Errorf("uploading %s: %w", b.file, err))
	}
	for _, id := range b.prog.MediaIDs {
		switch id {
		case droppedMedia:
			dropped++
		case "":
		default:
			ids = append(ids, id)
		}
	}
	return ids, dropped, false, nil
}

// errMediaUnreadable: the archive file cannot be opened; the post goes
// out without it.
var errMediaUnreadable = errors.New("cannot read the media file from the archive")

func (e *executor) uploadOne(ctx context.Context, m PlannedMedia) (string, error) {
	if e.cfg.Open == nil {
		return "", errMediaUnreadable
	}
	// Check the file opens before spending an upload on it.
	rc, err := e.cfg.Open(m.File)
	if err != nil {
		return "", fmt.Errorf("%w: %w", errMediaUnreadable, err)
	}
	rc.Close()
	return e.srv.UploadMedia(ctx, MediaRequest{
		FileName:    path.Base(m.File),
		ContentType: m.ContentType,
		Description: m.Alt,
		Open:        func() (io.ReadCloser, error) { return e.cfg.Open(m.File) },
	})
}
