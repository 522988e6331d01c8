package ui

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// textPrinter writes for people: data as the lines the command formats,
// everything else on stderr.
type textPrinter struct{ base }

func (p *textPrinter) JSON() bool { return false }

func (p *textPrinter) Data(_ string, _ any, text string)   { writeText(p.io.Out, text) }
func (p *textPrinter) Report(_ string, _ any, text string) { writeText(p.io.ErrOut, text) }
func (p *textPrinter) Status(_ string, _ any, text string) { writeText(p.io.ErrOut, text) }

func (p *textPrinter) Message(format string, args ...any) {
	writeText(p.io.ErrOut, fmt.Sprintf(format, args...))
}

func (p *textPrinter) Warn(format string, args ...any) {
	writeText(p.io.ErrOut, "warning: "+fmt.Sprintf(format, args...))
}

func (p *textPrinter) V(level int, format string, args ...any) {
	if p.verbosity >= level {
		writeText(p.io.ErrOut, fmt.Sprintf(format, args...))
	}
}

func (p *textPrinter) Waiting(reason string, until time.Time) {
	if p.barWait(reason, until) {
		return
	}
	writeText(p.io.ErrOut, "waiting for "+reason+" until "+clock(time.Now(), until))
}

// writeText writes text as whole lines, in one write so a terminal with a
// bar clears and redraws it once.
func writeText(w io.Writer, text string) {
	if text == "" {
		return
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	_, _ = io.WriteString(w, text)
}
