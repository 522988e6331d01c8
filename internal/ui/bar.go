package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
)

// redrawEvery bounds how often counting alone redraws the bar; a change
// of description, ETA or wait draws at once.
const redrawEvery = 100 * time.Millisecond

// Bar is a progress bar on a terminal's bottom line, drawn by
// schollz/progressbar:
//
//	42% |████████░░░░░░░░░░░░|  importing 126/300 posts · 95 posts/h · done by 14:05
//
// Bar keeps the count and the clock itself and hands progressbar the
// gauge and the text after it (its description), with progressbar's own
// rate and time prediction off: the rate counts this run's units per
// hour, and the ETA is the caller's (SetETA: the pacer's schedule, the
// plan's own figure) or, until one is set, the rate's. While the run
// waits for a rate limit the bar says so (Wait). A nil *Bar is valid and
// does nothing, so callers never branch on whether progress is shown.
type Bar struct {
	t     *Terminal
	pb    *progressbar.ProgressBar
	total int
	unit  string
	desc  string
	draws int // how many times the bar was drawn: the spinner's frame

	done      int
	startDone int // the count when the bar started: a resumed job's earlier work is not this run's rate
	started   bool
	start     time.Time
	eta       time.Time
	waitFor   string
	waitUntil time.Time
	drawn     time.Time
}

// NewBar starts a bar on t counting total units (-1 when unknown). Only
// one bar is drawn at a time: a new one replaces the last.
func (t *Terminal) NewBar(total int, unit, desc string) *Bar {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := &Bar{t: t, total: total, unit: unit, desc: desc, start: t.now()}
	b.pb = newProgressBar(t, total)
	t.clearLocked()
	t.bar = b
	t.drawLocked()
	return b
}

// Set moves the bar to n units done (over all runs of a resumed job). The
// first Set marks where this run started, for the rate. It ends a wait.
func (b *Bar) Set(n int) {
	if b == nil {
		return
	}
	b.update(func() bool {
		if !b.started {
			b.started, b.startDone = true, n
			if n > 0 {
				b.start = b.t.now()
			}
		}
		if n != b.done {
			b.waitFor, b.waitUntil = "", time.Time{}
		}
		b.done = n
		return false
	})
}

// Add advances the bar by n units.
func (b *Bar) Add(n int) {
	if b == nil {
		return
	}
	b.update(func() bool {
		b.started = true
		b.done += n
		if n != 0 {
			b.waitFor, b.waitUntil = "", time.Time{}
		}
		return false
	})
}

// Describe changes the text before the bar.
func (b *Bar) Describe(desc string) {
	if b == nil {
		return
	}
	b.update(func() bool {
		changed := b.desc != desc
		b.desc = desc
		return changed
	})
}

// SetETA sets when the work will be done, as the caller's schedule says
// (the pacer's, the same figure as the plan's estimate). A zero time goes
// back to the rate's estimate.
func (b *Bar) SetETA(eta time.Time) {
	if b == nil {
		return
	}
	b.update(func() bool {
		changed := !b.eta.Equal(eta)
		b.eta = eta
		return changed
	})
}

// Wait shows on the bar that the run waits for reason until a time:
// "waiting for the server's post limit until 14:05". It lasts until the
// count moves or Wait is called with an empty reason.
func (b *Bar) Wait(reason string, until time.Time) {
	if b == nil {
		return
	}
	b.update(func() bool {
		changed := b.waitFor != reason || !b.waitUntil.Equal(until)
		b.waitFor, b.waitUntil = reason, until
		return changed
	})
}

// Done clears the bar from the screen; later writes go straight through.
func (b *Bar) Done() {
	if b == nil {
		return
	}
	t := b.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bar != b {
		return
	}
	t.clearLocked()
	t.bar = nil
	_ = b.pb.Exit()
}

// update applies change, which reports whether it altered what the bar
// says (then it is drawn at once), and redraws at most every redrawEvery
// for counting alone.
func (b *Bar) update(change func() (force bool)) {
	t := b.t
	t.mu.Lock()
	defer t.mu.Unlock()
	force := change()
	if t.bar != b {
		return
	}
	now := t.now()
	if !force && now.Sub(b.drawn) < redrawEvery && b.done != b.total {
		return
	}
	t.drawLocked()
}

// status is what follows the gauge: the count, then the wait, or the rate
// and the ETA.
func (b *Bar) status(now time.Time) string {
	var s strings.Builder
	if b.total > 0 {
		fmt.Fprintf(&s, " %d/%d", b.done, b.total)
	} else {
		fmt.Fprintf(&s, " %d", b.done)
	}
	if b.unit != "" {
		s.WriteString(" " + b.unit)
	}
	if b.waitFor != "" {
		fmt.Fprintf(&s, " · waiting for %s until %s", b.waitFor, clock(now, b.waitUntil))
		return s.String()
	}
	rate := b.rate(now)
	if rate > 0 {
		s.WriteString(" · " + formatRate(rate) + " " + b.unitOr("items") + "/h")
	}
	if eta := b.etaAt(now, rate); !eta.IsZero() {
		s.WriteString(" · done by " + clock(now, eta))
	}
	return s.String()
}

func (b *Bar) unitOr(def string) string {
	if b.unit == "" {
		return def
	}
	return b.unit
}

// rate is this run's units per hour, 0 until there is one to tell.
func (b *Bar) rate(now time.Time) float64 {
	n := b.done - b.startDone
	el := now.Sub(b.start)
	if n <= 0 || el < time.Second {
		return 0
	}
	return float64(n) / el.Hours()
}

// etaAt is the caller's ETA, else the rate's when the total is known.
func (b *Bar) etaAt(now time.Time, rate float64) time.Time {
	if !b.eta.IsZero() {
		return b.eta
	}
	left := b.total - b.done
	if b.total <= 0 || left <= 0 || rate <= 0 {
		return time.Time{}
	}
	return now.Add(time.Duration(float64(left) / rate * float64(time.Hour)))
}

func formatRate(r float64) string {
	if r < 10 {
		return strconv.FormatFloat(r, 'f', 1, 64)
	}
	return strconv.FormatFloat(r, 'f', 0, 64)
}

// clock is t as a wall-clock time in now's zone: "14:05" today, with the
// weekday ("Tue 14:05") later than today.
func clock(now, t time.Time) string {
	t = t.In(now.Location())
	y1, m1, d1 := now.Date()
	y2, m2, d2 := t.Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return t.Format("15:04")
	}
	return t.Format("Mon 15:04")
}
