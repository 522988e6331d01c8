package iostreams

import (
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress is a progress bar on stderr, or nothing at all when progress is
// disabled. A nil *Progress is valid and does nothing, so callers never
// branch on whether a bar exists.
type Progress struct {
	bar *progressbar.ProgressBar
}

// NewProgress starts a bar for total units (-1 when unknown) described by
// desc. It returns nil when progress bars must not be drawn.
func (s *IOStreams) NewProgress(total int64, desc string) *Progress {
	if !s.ProgressEnabled() {
		return nil
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(s.ErrOut),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionEnableColorCodes(s.ColorEnabled()),
		progressbar.OptionSetWidth(30),
	)
	return &Progress{bar: bar}
}

// Add advances the bar by n units.
func (p *Progress) Add(n int) {
	if p == nil {
		return
	}
	_ = p.bar.Add(n)
}

// Set moves the bar to n units.
func (p *Progress) Set(n int64) {
	if p == nil {
		return
	}
	_ = p.bar.Set64(n)
}

// Describe changes the text shown beside the bar.
func (p *Progress) Describe(desc string) {
	if p == nil {
		return
	}
	p.bar.Describe(desc)
}

// Done finishes and clears the bar.
func (p *Progress) Done() {
	if p == nil {
		return
	}
	_ = p.bar.Finish()
	_ = p.bar.Clear()
}
