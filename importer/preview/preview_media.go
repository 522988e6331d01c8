package preview

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"path"
	"strings"

	"github.com/fledge-cli/fledge/importer"
)

// DefaultThumbBudget bounds the bytes of thumbnails one preview page
// embeds: about 3,000 pictures, a page browsers still open quickly.
const DefaultThumbBudget = 25 << 20

// previewMedia is one attachment as the page shows it: a thumbnail, or
// a note saying why there is none.
type previewMedia struct {
	importer.PlannedMedia
	Name   string
	Thumb  template.URL // a data: URI made here, never archive input
	Width  int
	Height int
	Note   string
}

// thumbnailer makes the page's thumbnails, one file at a time, until the
// budget is spent.
type thumbnailer struct {
	open   importer.OpenFunc
	lim    thumbLimits
	budget int64
	used   int64
	shown  int
	over   int // pictures left out once the budget was spent
	full   bool
}

func newThumbnailer(open importer.OpenFunc, budget int64) *thumbnailer {
	if budget == 0 {
		budget = DefaultThumbBudget
	}
	return &thumbnailer{open: open, lim: previewThumbLimits, budget: budget, full: budget < 0}
}

// wants reports whether m gets a thumbnail, or else the note the page
// shows instead (before the budget is considered).
func (t *thumbnailer) wants(m importer.PlannedMedia) (note string, want bool) {
	switch {
	case t.open == nil:
		return "", false
	case m.Type == "animated_gif":
		return "animated GIF (a video in the archive): no preview", false
	case importer.IsVisualVideo(m):
		return "video: no preview", false
	case !strings.HasPrefix(m.ContentType, "image/"):
		return fmt.Sprintf("%s: no preview", m.ContentType), false
	case m.Size > t.lim.MaxBytes:
		return fmt.Sprintf("not shown: %d MB is over the preview limit of %d MB", m.Size>>20, t.lim.MaxBytes>>20), false
	}
	return "", true
}

// view describes one attachment, given the thumbnail made for it when
// wants said so. Without an opener it shows the file name only; a file
// that cannot be shown gets a note naming the reason. Pictures past the
// budget are counted and shown as names.
func (t *thumbnailer) view(m importer.PlannedMedia, made func() thumbResult) previewMedia {
	v := previewMedia{PlannedMedia: m, Name: path.Base(m.File)}
	note, want := t.wants(m)
	switch {
	case t.open == nil:
	case !want:
		v.Note = note
	case t.full:
		t.over++
		v.Note = "not shown: the page's thumbnail budget is used up"
	default:
		r := made()
		switch {
		case r.err != nil:
			v.Note = "not shown: " + r.err.Error()
		case t.used+int64(len(r.uri)) > t.budget:
			t.full = true
			t.over++
			v.Note = "not shown: the page's thumbnail budget is used up"
		default:
			t.used += int64(len(r.uri))
			t.shown++
			v.Thumb, v.Width, v.Height = template.URL(r.uri), r.w, r.h
		}
	}
	return v
}

// make reads one archive file and returns its thumbnail as a data: URI.
func (t *thumbnailer) make(file string) (string, int, int, error) {
	rc, err := t.open(file)
	if err != nil {
		return "", 0, 0, fmt.Errorf("cannot open the file: %w", err)
	}
	defer rc.Close()
	jpg, w, h, err := thumbnail(rc, t.lim)
	if err != nil {
		return "", 0, 0, err
	}
	return "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(jpg), w, h, nil
}
