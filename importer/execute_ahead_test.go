package importer

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// hookPoster wraps the tests' Poster to watch or disturb posting.
type hookPoster struct {
	poster
	mu       sync.Mutex
	posts    int
	beforeFn func(n int, s *StatusRequest) error // n counts PostStatus calls from 1
	uploadFn func(id string, err error)
}

func (h *hookPoster) PostStatus(ctx context.Context, s StatusRequest) (PostedStatus, error) {
	h.mu.Lock()
	h.posts++
	n := h.posts
	h.mu.Unlock()
	if h.beforeFn != nil {
		if err := h.beforeFn(n, &s); err != nil {
			return PostedStatus{}, err
		}
	}
	return h.poster.PostStatus(ctx, s)
}

func (h *hookPoster) UploadMedia(ctx context.Context, m MediaRequest) (string, error) {
	id, err := h.poster.UploadMedia(ctx, m)
	if h.uploadFn != nil {
		h.uploadFn(id, err)
	}
	return id, err
}

// newMediaFixture is a fixture whose plan has many media: posts synthetic
// posts, two of every three with one or two photos, served from memory.
func newMediaFixture(t testing.TB, posts int, opts mastotest.Options) *fixture {
	t.Helper()
	s, c := testServer(t, opts, mastodon.Options{})
	dir := t.TempDir()
	p := mediaPlan(posts)
	return &fixture{srv: s, client: c, plan: p, dir: filepath.Join(dir, "state"),
		cfg: ExecConfig{Account: "me@" + s.Domain(), Open: photo, Limits: testLimits()}}
}

// mediaPlan is the plan of newMediaFixture; the crash test's helper
// process builds the same.
func mediaPlan(posts int) *Plan {
	mix := budgetMix{posts: posts, text: true, media: func(i, n int) int {
		if i%3 == 2 {
			return 0
		}
		return 1 + i%2
	}}
	p := mix.plan()
	p.Fingerprint = "media-plan-" + strconv.Itoa(posts)
	return p
}

// photo opens a JPEG header, enough for the fake server.
func photo(string) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader("\xff\xd8\xff\xe0")), nil
}

func (f *fixture) execute(t *testing.T, ctx context.Context, srv Poster, cfg ExecConfig) (ExecReport, error) {
	t.Helper()
	j, err := journal.Open(f.dir, "import-test", journal.Options{Kind: "import", Plan: f.plan.Fingerprint, Planned: len(f.plan.Posts)})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	return Execute(ctx, f.plan, srv, j, cfg)
}

// unattached counts the server's uploads not attached to a status.
func unattached(s *mastotest.Server) int {
	n := 0
	for _, m := range s.Media("me") {
		if m.StatusID == "" {
			n++
		}
	}
	return n
}

func mediaCount(p *Plan) int {
	n := 0
	for _, pp := range p.Posts {
		n += len(pp.Media)
	}
	return n
}

// TestLookAheadBounds checks, at every post, that the uploads waiting for
// their post stay within the look-ahead, that they do run ahead, and
// that a negative look-ahead uploads only on each post's turn.
func TestLookAheadBounds(t *testing.T) {
	for _, tt := range []struct {
		name  string
		ahead LookAhead
	}{
		{"ahead", LookAhead{Posts: 6, Media: 3}},
		{"none", LookAhead{Posts: -1, Media: 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newMediaFixture(t, 30, mastotest.Options{})
			if mediaCount(f.plan) < 8 {
				t.Fatalf("fixture has only %d media", mediaCount(f.plan))
			}
			most := 0
			h := &hookPoster{poster: f.poster()}
			h.beforeFn = func(n int, s *StatusRequest) error {
				// The post's own files are uploaded; others wait ahead.
				waiting := unattached(f.srv) - len(s.MediaIDs)
				most = max(most, waiting)
				if waiting > max(tt.ahead.Media, 0) || (tt.ahead.Posts < 0 && waiting > 0) {
					t.Errorf("post %d: %d uploads wait for later posts, look-ahead %+v", n, waiting, tt.ahead)
				}
				// Leave the uploader time to run ahead as far as it may.
				time.Sleep(2 * time.Millisecond)
				return nil
			}
			cfg := f.cfg
			cfg.Ahead = tt.ahead
			rep, err := f.execute(t, context.Background(), h, cfg)
			if err != nil || rep.Left != 0 {
				t.Fatalf("report %+v, err %v", rep, err)
			}
			f.check(t)
			if tt.ahead.Posts > 0 && most == 0 {
				t.Error("no upload ever ran ahead of its post")
			}
			if n := unattached(f.srv); n != 0 {
				t.Errorf("%d uploads left unattached", n)
			}
		})
	}
}

// stopAt makes the n-th PostStatus fail with a temporary error, which
// stops the run while later posts' media are already uploaded.
func stopAt(stop int) func(int, *StatusRequest) error {
	return func(n int, _ *StatusRequest) error {
		if n == stop {
			time.Sleep(20 * time.Millisecond) // let the uploader fill the look-ahead
			return errors.New("HTTP 502 Bad Gateway")
		}
		return nil
	}
}

// TestLookAheadResumeReusesMedia stops a run while media wait ahead, and
// resumes it: soon after, the journalled uploads are attached, not made
// again; a day later, they are made again, since the server has dropped
// them; and an upload the server no longer knows is made again when the
// post is refused.
func TestLookAheadResumeReusesMedia(t *testing.T) {
	for _, tt := range []struct {
		name    string
		later   time.Duration
		expired bool // the server forgot the uploads (a 422 on posting)
		fresh   bool // every waiting upload is made again
	}{
		{name: "soon"},
		{name: "next day", later: 19 * time.Hour, fresh: true},
		{name: "server expired them", expired: true, fresh: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newMediaFixture(t, 60, mastotest.Options{})
			h := &hookPoster{poster: f.poster(), beforeFn: stopAt(4)}
			cfg := f.cfg
			cfg.Ahead = LookAhead{Posts: 20, Media: 6}
			rep, err := f.execute(t, context.Background(), h, cfg)
			if err != nil || rep.Stopped == "" {
				t.Fatalf("first run: report %+v, err %v", rep, err)
			}
			// An upload cancelled in flight may still be made by the
			// server, unjournalled; the journalled ones are what counts.
			waiting := journalledAhead(t, f)
			if len(waiting) == 0 {
				t.Fatal("no upload waited ahead when the run stopped")
			}

			h = &hookPoster{poster: f.poster()}
			var expired []string
			if tt.expired {
				for id := range waiting {
					expired = append(expired, id)
				}
				// Ask for an id the server does not know instead, as an
				// expired one is: Mastodon answers 422.
				h.beforeFn = func(_ int, s *StatusRequest) error {
					for i, id := range s.MediaIDs {
						if slices.Contains(expired, id) {
							s.MediaIDs[i] = "1"
						}
					}
					return nil
				}
			}
			cfg.Now = func() time.Time { return time.Now().Add(tt.later) }
			rep, err = f.execute(t, context.Background(), h, cfg)
			if err != nil || rep.Left != 0 {
				t.Fatalf("resumed run: report %+v, err %v", rep, err)
			}
			f.check(t)
			for _, m := range f.srv.Media("me") {
				if waiting[m.ID] && (m.StatusID != "") == tt.fresh {
					t.Errorf("upload %s made ahead: attached to %q, want it uploaded again %v", m.ID, m.StatusID, tt.fresh)
				}
			}
		})
	}
}

// journalledAhead returns the media ids the journal holds for posts not
// yet done.
func journalledAhead(t *testing.T, f *fixture) map[string]bool {
	t.Helper()
	st, err := journal.Read(filepath.Join(f.dir, "import-test.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, pp := range f.plan.Posts {
		ent, ok := st.Entry(journal.Key(pp.Key))
		if !ok || st.Done(journal.Key(pp.Key)) || len(ent.Progress) == 0 {
			continue
		}
		var prog postProgress
		if err := json.Unmarshal(ent.Progress, &prog); err != nil {
			t.Fatal(err)
		}
		for _, id := range prog.MediaIDs {
			if id != "" && id != droppedMedia {
				ids[id] = true
			}
		}
	}
	return ids
}

// TestLookAheadCancel cancels a run (Ctrl-C) right after an upload ahead
// completes: the run ends with the cancellation, nothing is written after
// its summary, and every upload the server made is journalled.
func TestLookAheadCancel(t *testing.T) {
	f := newMediaFixture(t, 60, mastotest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	uploads := 0
	h := &hookPoster{poster: f.poster()}
	h.uploadFn = func(id string, err error) {
		if uploads++; uploads == 5 {
			cancel() // the upload went through; its answer arrives as Ctrl-C does
		}
	}
	h.beforeFn = func(int, *StatusRequest) error {
		time.Sleep(2 * time.Millisecond)
		return nil
	}
	cfg := f.cfg
	cfg.Ahead = LookAhead{Posts: 20, Media: 6}
	if _, err := f.execute(t, ctx, h, cfg); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	st, err := journal.Read(filepath.Join(f.dir, "import-test.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !st.Finished {
		t.Error("the journal does not end with the run's summary")
	}
	journalled := map[string]bool{}
	for _, pp := range f.plan.Posts {
		ent, ok := st.Entry(journal.Key(pp.Key))
		if !ok {
			continue
		}
		b := &mediaBatch{}
		if len(ent.Progress) > 0 {
			if err := json.Unmarshal(ent.Progress, &b.prog); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range b.prog.MediaIDs {
			journalled[id] = true
		}
	}
	for _, m := range f.srv.Media("me") {
		if !journalled[m.ID] {
			t.Errorf("upload %s (%s) made but not journalled", m.ID, m.FileName)
		}
	}
	// The next run finishes without uploading those again.
	before := len(f.srv.Media("me"))
	waiting := unattached(f.srv)
	rep, err := f.execute(t, context.Background(), f.poster(), f.cfg)
	if err != nil || rep.Left != 0 {
		t.Fatalf("resumed run: report %+v, err %v", rep, err)
	}
	f.check(t)
	if n := unattached(f.srv); n != 0 {
		t.Errorf("%d uploads left unattached after resuming (%d waited, %d made before)", n, waiting, before)
	}
}
