package importer

import (
	"cmp"
	"context"
	"sync"
)

// uploader uploads the media of the posts to run, in plan order, ahead of
// the poster: while a post waits for the statuses budget, the media of
// the next ones spend the media budget, so an import takes as long as the
// slower budget needs rather than the sum of both. It runs one upload at
// a time (the media budget is one bucket) and stays within the
// look-ahead: at most ahead.Posts posts past the poster's, holding at
// most ahead.Media uploaded files.
//
// Only the journal is shared with the poster; the report and events are
// the poster's, which takes each post's batch in its turn.
type uploader struct {
	e     *executor
	posts []*PlannedPost
	ahead LookAhead
	done  chan struct{} // closed when run returns
	stop  context.CancelFunc

	mu     sync.Mutex
	cond   *sync.Cond
	ready  map[int]*mediaBatch // batches uploaded, by post, until taken
	cursor int                 // the post the poster is on
	limit  int                 // posts from limit on may not be uploaded for yet
	held   int                 // uploaded files waiting in batches past the cursor
	ended  bool
}

// startUploads starts uploading for posts, in order; the poster takes
// the batches with take and calls close when it stops.
func (e *executor) startUploads(ctx context.Context, posts []*PlannedPost) *uploader {
	ctx, cancel := context.WithCancel(ctx)
	u := &uploader{e: e, posts: posts, ahead: e.lookAhead(), ready: map[int]*mediaBatch{},
		done: make(chan struct{}), stop: cancel}
	u.cond = sync.NewCond(&u.mu)
	// A cancelled run must wake an uploader waiting for its turn.
	context.AfterFunc(ctx, func() {
		u.mu.Lock()
		u.ended = true
		u.cond.Broadcast()
		u.mu.Unlock()
	})
	go u.run(ctx)
	return u
}

// lookAhead is the configured look-ahead with defaults filled in.
func (e *executor) lookAhead() LookAhead {
	a := e.cfg.Ahead
	if a.Posts == 0 {
		a.Posts = DefaultLookAhead.Posts
	}
	if a.Media == 0 {
		a.Media = DefaultLookAhead.Media
	}
	return LookAhead{Posts: max(a.Posts, 0), Media: max(a.Media, 0)}
}

func (u *uploader) run(ctx context.Context) {
	defer close(u.done)
	for i, pp := range u.posts {
		if !u.waitTurn(i, len(pp.Media)) {
			return
		}
		b := u.e.prepareMedia(ctx, pp)
		u.mu.Lock()
		if i > u.cursor {
			b.aheadHeld = b.held()
			u.held += b.aheadHeld
		}
		u.ready[i] = b
		u.cond.Broadcast()
		u.mu.Unlock()
		if b.err != nil {
			// The poster stops on this post; nothing after it is needed.
			return
		}
	}
}

// waitTurn waits until post i may be uploaded for: it is the poster's
// post, or it is within the look-ahead and its files fit in what may be
// held. false means the run ended.
func (u *uploader) waitTurn(i, files int) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	for !u.ended {
		if i <= u.cursor {
			return true
		}
		if i < u.limit && i-u.cursor <= u.ahead.Posts && u.held+files <= u.ahead.Media {
			return true
		}
		u.cond.Wait()
	}
	return false
}

// take moves the poster to post i and returns its batch, waiting for its
// uploads. maxAhead bounds the look-ahead further (the posts --max still
// allows after this one).
func (u *uploader) take(ctx context.Context, i, maxAhead int) (*mediaBatch, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.cursor, u.limit = i, i+1+min(maxAhead, u.ahead.Posts)
	u.cond.Broadcast()
	for u.ready[i] == nil {
		if u.ended {
			// Cancelled: the uploader's context ends with the run's.
			return nil, cmp.Or(ctx.Err(), context.Canceled)
		}
		u.cond.Wait()
	}
	b := u.ready[i]
	delete(u.ready, i)
	u.held -= b.aheadHeld
	return b, nil
}

// close stops the uploads and waits for the uploader to return, so no
// journal write follows the run's summary. An upload in flight is
// cancelled; one that completed has its id journalled for the next run.
func (u *uploader) close() {
	u.stop()
	<-u.done
}
