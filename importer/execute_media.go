package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"

	"github.com/fledge-cli/fledge/internal/journal"
)

// droppedMedia marks, in postProgress, a file that will not be attached.
const droppedMedia = "-"

// uploadAll uploads the post's media not uploaded by an earlier attempt,
// journalling each id as it arrives. It returns the ids to attach and how
// many files were dropped (missing or refused). stop ends the run (rate
// limit, temporary failure).
func (e *executor) uploadAll(ctx context.Context, pp *PlannedPost, prog *postProgress) (ids []string, dropped int, stop bool, err error) {
	if len(prog.MediaIDs) != len(pp.Media) {
		prog.MediaIDs = make([]string, len(pp.Media))
	}
	for i, m := range pp.Media {
		if prog.MediaIDs[i] != "" {
			continue
		}
		id, err := e.uploadOne(ctx, m)
		var rl *RateLimited
		switch {
		case err == nil:
			prog.MediaIDs[i] = id
		case errors.Is(err, ErrAuth), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			_ = e.j.Fail(journal.Key(pp.Key), journal.StatusRetryable, err.Error())
			return nil, 0, true, err
		case errors.As(err, &rl):
			return nil, 0, true, e.rateLimited(pp, rl, err)
		case errors.Is(err, ErrRefused), errors.Is(err, errMediaUnreadable):
			prog.MediaIDs[i] = droppedMedia
			issue := MediaIssue{TweetID: pp.TweetID, File: m.File, Reason: err.Error()}
			e.report.MediaIssues = append(e.report.MediaIssues, issue)
			e.emit(ExecEvent{Kind: EventMedia, Key: pp.Key, TweetID: pp.TweetID, Reason: m.File + ": " + err.Error()})
		default:
			return nil, 0, true, e.stopOn(pp, fmt.Errorf("uploading %s: %w", m.File, err))
		}
		if err := e.j.Progress(journal.Key(pp.Key), prog); err != nil {
			return nil, 0, true, fmt.Errorf("journal: %w", err)
		}
	}
	for _, id := range prog.MediaIDs {
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
