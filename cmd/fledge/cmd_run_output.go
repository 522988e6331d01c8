package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
)

// batchOutput is where every account of a batch writes. Accounts run at
// once, so writes go out whole lines at a time under one lock: a line of
// one account never breaks into a line of another.
type batchOutput struct {
	mu     sync.Mutex
	out    io.Writer // stdout: data, or JSON lines under --json
	errOut io.Writer // stderr: progress and messages
	json   bool
}

func (o *batchOutput) writeOut(b []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.out.Write(b)
}

func (o *batchOutput) writeErr(b []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.errOut.Write(b)
}

// event writes one JSON line to stdout.
func (o *batchOutput) event(v any) {
	var buf bytes.Buffer
	enc := newJSONEncoder(&buf)
	_ = enc.Encode(v)
	o.writeOut(buf.Bytes())
}

// say writes a human line to stderr.
func (o *batchOutput) say(format string, a ...any) {
	o.writeErr([]byte(fmt.Sprintf(format, a...) + "\n"))
}

// stepEvent is the JSON line for a step changing state.
type stepEvent struct {
	Type    string  `json:"type"` // "step"
	Account string  `json:"account"`
	Step    string  `json:"step"`
	Status  string  `json:"status"` // started, done, failed, partial, skipped
	Left    int     `json:"left,omitempty"`
	Seconds float64 `json:"seconds,omitempty"`
	Error   string  `json:"error,omitempty"`
	// Next is when the server allows more, when its limit stopped the step.
	Next time.Time `json:"next,omitzero"`
}

func (o *batchOutput) step(e stepEvent) {
	e.Type = "step"
	if o.json {
		o.event(e)
		return
	}
	msg := e.Account + ": " + e.Step + " " + e.Status
	if e.Seconds > 0 {
		msg += " in " + (time.Duration(e.Seconds * float64(time.Second))).Round(100*time.Millisecond).String()
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
	o.say("%s", msg)
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
		if !o.json || !json.Valid(line) || line[0] != '{' {
			return false
		}
		o.event(struct {
			Type    string          `json:"type"`
			Account string          `json:"account"`
			Step    string          `json:"step"`
			Result  json.RawMessage `json:"result"`
		}{"result", name, step(), json.RawMessage(line)})
		return true
	}
	out = &accountWriter{emit: func(line []byte) {
		if result(line) {
			return
		}
		if o.json {
			o.event(struct {
				Type    string `json:"type"`
				Account string `json:"account"`
				Step    string `json:"step"`
				Text    string `json:"text"`
			}{"output", name, step(), string(line)})
			return
		}
		o.writeOut(append([]byte(name+"\t"), append(line, '\n')...))
	}}
	errOut = &accountWriter{emit: func(line []byte) {
		if result(line) {
			return
		}
		o.writeErr(append([]byte(name+": "), append(line, '\n')...))
	}}
	return out, errOut
}
