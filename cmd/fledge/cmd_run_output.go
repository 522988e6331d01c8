package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/fledge-cli/fledge/internal/ui"
)

// batchOutput is where every account of a batch writes, through one
// printer. Accounts run at once, so its streams go through a ui.Terminal
// of their own: the terminal's mutex writes each line whole, and a line
// of one account never breaks into a line of another.
type batchOutput struct {
	p      ui.Printer
	errOut io.Writer // the printer's stderr, for the steps' own lines
}

// newBatchOutput returns the output of a batch (fledge run) or of one
// migration, on f's streams.
func newBatchOutput(f *factory) *batchOutput {
	s := *f.IO
	t := ui.NewTerminal(f.IO.ErrOut, f.IO.Out, nil)
	s.Out, s.ErrOut = t.Stdout(), t
	return &batchOutput{p: ui.New(&s, ui.Options{JSON: f.Globals.JSON, Verbosity: f.Globals.Verbose}), errOut: t}
}

// event writes one JSON line to stdout; v carries its own "type".
func (o *batchOutput) event(v any) { o.p.Data("", v, "") }

// say writes a human line to stderr (nothing under --json).
func (o *batchOutput) say(format string, a ...any) { o.p.Message(format, a...) }

// seconds is a step's duration (the runner's float seconds) for JSON.
func seconds(s float64) ui.Seconds { return ui.Seconds(time.Duration(s * float64(time.Second))) }

// stepEvent is the JSON line (type "step") for a step changing state.
type stepEvent struct {
	Account string     `json:"account"`
	Step    string     `json:"step"`
	Status  string     `json:"status"` // started, done, failed, partial, skipped, interrupted
	Left    int        `json:"left,omitempty"`
	Seconds ui.Seconds `json:"seconds,omitempty"`
	Error   string     `json:"error,omitempty"`
	// Next is when the server allows more, when its limit stopped the step.
	Next time.Time `json:"next,omitzero"`
}

func (o *batchOutput) step(e stepEvent) {
	if o.p.JSON() {
		o.p.Data("step", e, "")
		return
	}
	msg := e.Account + ": " + e.Step + " " + e.Status
	if e.Seconds > 0 {
		msg += " in " + time.Duration(e.Seconds).Round(100*time.Millisecond).String()
	}
	if e.Left > 0 {
		msg += fmt.Sprintf(", %d left for a later run", e.Left)
	}
	if !e.Next.IsZero() {
		msg += ", the server allows more after " + e.Next.UTC().Format("2006-01-02 15:04 UTC")
	}
	if e.Error != "" {
		msg += ": " + e.Error
	}
	o.p.Message("%s", msg)
}

// accountWriter is one account's stdout or stderr inside a batch. It
// collects whole lines and passes each to emit.
type accountWriter struct {
	mu   sync.Mutex
	buf  []byte
	emit func(line []byte)
}

func (w *accountWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		line := w.buf[:i]
		w.buf = w.buf[i+1:]
		// A progress redraw ends in \r; keep only the last state.
		if j := bytes.LastIndexByte(line, '\r'); j >= 0 {
			line = line[j+1:]
		}
		if len(bytes.TrimSpace(line)) > 0 {
			w.emit(line)
		}
	}
	return len(p), nil
}

// flush passes on a last line without a newline.
func (w *accountWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(bytes.TrimSpace(w.buf)) > 0 {
		w.emit(w.buf)
	}
	w.buf = nil
}

// accountStreams builds an account's two writers. Human lines carry the
// account's name (a tab-separated column on stdout, "name: " on stderr).
// Under --json every JSON line a step writes, to stdout or stderr,
// becomes a result event naming the account and step; other stderr text
// stays on stderr with the name in front.
func (o *batchOutput) accountStreams(name string, step func() string) (out, errOut *accountWriter) {
	result := func(line []byte) bool {
		if !o.p.JSON() || !json.Valid(line) || line[0] != '{' {
			return false
		}
		o.p.Data("result", struct {
			Account string          `json:"account"`
			Step    string          `json:"step"`
			Result  json.RawMessage `json:"result"`
		}{name, step(), json.RawMessage(line)}, "")
		return true
	}
	out = &accountWriter{emit: func(line []byte) {
		if result(line) {
			return
		}
		o.p.Data("output", struct {
			Account string `json:"account"`
			Step    string `json:"step"`
			Text    string `json:"text"`
		}{name, step(), string(line)}, name+"\t"+string(line))
	}}
	errOut = &accountWriter{emit: func(line []byte) {
		if result(line) {
			return
		}
		// Not a message the printer could drop under --json: a step's
		// own stderr (its warnings, its errors) stays on stderr.
		_, _ = o.errOut.Write(append([]byte(name+": "), append(line, '\n')...))
	}}
	return out, errOut
}
