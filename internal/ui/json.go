package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// jsonPrinter writes JSON lines: one object per line, each with a "type".
type jsonPrinter struct{ base }

func (p *jsonPrinter) JSON() bool { return true }

func (p *jsonPrinter) Data(typ string, v any, _ string) {
	if v != nil {
		WriteLine(p.io.Out, typ, v)
	}
}
func (p *jsonPrinter) Report(typ string, v any, _ string) { WriteLine(p.io.Out, typ, v) }
func (p *jsonPrinter) Status(typ string, v any, _ string) { WriteLine(p.io.ErrOut, typ, v) }

func (p *jsonPrinter) Message(string, ...any) {}

func (p *jsonPrinter) Waiting(string, time.Time) {}

func (p *jsonPrinter) Warn(format string, args ...any) {
	WriteLine(p.io.ErrOut, "warning", struct {
		Message string `json:"message"`
	}{fmt.Sprintf(format, args...)})
}

func (p *jsonPrinter) V(level int, format string, args ...any) {
	if p.verbosity < level {
		return
	}
	WriteLine(p.io.ErrOut, "log", struct {
		Level   int    `json:"level"`
		Message string `json:"message"`
	}{level, fmt.Sprintf(format, args...)})
}

// WriteLine writes v as one JSON object line on w with "type": typ as its
// first field (typ "" when v has its own). A v that is not an object is
// put under "value". Text is written as is ("&", "<" and ">" unescaped:
// this is not HTML). Output errors are not worth failing a command over.
func WriteLine(w io.Writer, typ string, v any) {
	b, err := Line(typ, v)
	if err != nil {
		b, _ = Line("error", struct {
			Message string `json:"message"`
		}{err.Error()})
	}
	_, _ = w.Write(b)
}

// Line is WriteLine's bytes, newline included.
func Line(typ string, v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("json output: %w", err)
	}
	b := buf.Bytes()
	if typ == "" {
		return b, nil
	}
	q, _ := json.Marshal(typ)
	head := append([]byte(`{"type":`), q...)
	switch {
	case bytes.HasPrefix(b, []byte("{}")):
		return append(append(head, '}'), b[2:]...), nil
	case len(b) > 0 && b[0] == '{':
		return append(append(head, ','), b[1:]...), nil
	default:
		b = bytes.TrimSuffix(b, []byte("\n"))
		return append(append(append(head, `,"value":`...), b...), "}\n"...), nil
	}
}

// Seconds is a duration that JSON output writes as seconds (a number, to
// the millisecond), the unit programs reading fledge's JSON expect.
// Commands put it beside a domain struct to shadow its time.Duration
// field of the same JSON name.
type Seconds time.Duration

// MarshalJSON writes the duration in seconds.
func (s Seconds) MarshalJSON() ([]byte, error) {
	ms := time.Duration(s).Milliseconds()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}
