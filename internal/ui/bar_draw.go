package ui

import (
	"strings"
	"time"

	"github.com/rivo/uniseg"
	"github.com/schollz/progressbar/v3"
)

const (
	barCells = 20 // the gauge's width when the screen has room
	minCells = 5  // a narrower gauge says nothing: it goes instead
)

// gaugeTheme draws " 42% |████████░░░░|": the empty cells are visible, so
// the gauge reads as a gauge on any background.
var gaugeTheme = progressbar.Theme{Saucer: "█", SaucerPadding: "░", BarStart: "|", BarEnd: "|"}

// spinnerFrames stand in for the gauge when the total is unknown; the
// frame moves on with every draw, a sign the run is alive.
var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// newProgressBar is the progressbar that draws b on t's stderr. Its own
// clock-based parts are off: no time prediction or elapsed time (the
// ETA is the caller's, in the description), no throttle (Bar throttles on
// the Terminal's clock), no spinner ticker (a goroutine drawing on its own
// would write past the Terminal). The description goes after the gauge so
// the gauge keeps its place while the text's length changes.
func newProgressBar(t *Terminal, total int) *progressbar.ProgressBar {
	max := total
	if total <= 0 {
		max = -1 // a spinner: progressbar's "length unknown"
	}
	return progressbar.NewOptions(max,
		progressbar.OptionSetWriter(barWriter{t}),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionSetTheme(gaugeTheme),
		progressbar.OptionSetWidth(barCells),
		progressbar.OptionSetSpinnerChangeInterval(0),
	)
}

// barWriter is where progressbar writes: the Terminal's real stderr, or
// nowhere while the Terminal measures a line (quiet). progressbar is only
// ever called with the Terminal's lock held, so this needs no lock.
type barWriter struct{ t *Terminal }

func (w barWriter) Write(p []byte) (int, error) {
	if w.t.quiet {
		return len(p), nil
	}
	return w.t.err.Write(p)
}

// paint draws the bar at now on the current (cleared) line through
// progressbar, fitted to width columns (when known) so it never wraps, as
// a wrapped line could not be cleared: the gauge narrows first, then
// goes, then the description goes when the count and the wait (or rate)
// then fit whole ("waiting for the server's post limit until 14:05" is
// what the person needs to read), and only then is the end of the text
// cut. It reports false, drawing nothing, when not even that fits.
func (b *Bar) paint(now time.Time, width int) bool {
	status := b.status(now)
	text := b.desc + status
	cells := barCells
	if width > 1 {
		limit := width - 1
		if over := b.measure(cells, text) - limit; over > 0 {
			if cells = barCells - over; cells < minCells {
				cells = 0
			}
		}
		if cells == 0 && b.measure(0, text) > limit {
			if short := strings.TrimLeft(status, " "); b.desc != "" && b.measure(0, short) <= limit {
				text = short
			} else if over := b.measure(0, text) - limit; over > 0 {
				text = cutEnd(text, uniseg.StringWidth(text)-over)
				if b.measure(0, text) > limit {
					return false
				}
			}
		}
	}
	b.t.quiet = true
	b.setup(cells, text)
	b.t.quiet = false
	b.pb.Describe(text) // progressbar draws on every Describe
	b.draws++
	return true
}

// measure is the width in columns of the line progressbar draws for
// cells and text, drawn nowhere.
func (b *Bar) measure(cells int, text string) int {
	b.t.quiet = true
	defer func() { b.t.quiet = false }()
	b.setup(cells, text)
	b.pb.Describe(text)
	return uniseg.StringWidth(strings.TrimPrefix(b.pb.String(), "\r"))
}

// setup puts the bar's state into progressbar, quietly: Reset first, so
// progressbar keeps nothing from an earlier draw (the blank padding it
// clears a line with is then this line's width, not the widest line
// ever, which would wrap once the screen narrows). Call with quiet set.
func (b *Bar) setup(cells int, text string) {
	pb := b.pb
	pb.Reset()
	progressbar.OptionSetWidth(cells)(pb)
	if cells > 0 {
		progressbar.OptionSetTheme(gaugeTheme)(pb)
	} else {
		progressbar.OptionSetTheme(progressbar.Theme{})(pb)
	}
	progressbar.OptionSetDescription(text)(pb)
	if b.total <= 0 {
		progressbar.OptionSpinnerCustom([]string{spinnerFrames[b.draws%len(spinnerFrames)]})(pb)
		_ = pb.Set(max(b.done, 0))
		return
	}
	_ = pb.Set(min(max(b.done, 0), b.total))
}

// cutEnd shortens s to at most w columns, ending in "…" when cut.
func cutEnd(s string, w int) string {
	if uniseg.StringWidth(s) <= w {
		return s
	}
	var out strings.Builder
	used := 0
	for _, r := range s {
		rw := uniseg.StringWidth(string(r))
		if used+rw > w-1 {
			break
		}
		out.WriteRune(r)
		used += rw
	}
	return out.String() + "…"
}
