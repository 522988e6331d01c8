package matcher

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ResultWriter writes matches one at a time as the pipeline streams them;
// Close finishes the output (closing brackets, table alignment, flushing).
// The file formats (jsonl, json, Mastodon's CSV) are written here because
// fledge reads them back; the table for people is internal/ui's
// MatchTable.
type ResultWriter interface {
	Write(m Match) error
	Close() error
}

// ForOutput returns m with nil slices made empty, so JSON consumers always
// see "handles": [] and "candidates": [] rather than null.
func ForOutput(m Match) Match {
	if m.Handles == nil {
		m.Handles = []string{}
	}
	if m.Candidates == nil {
		m.Candidates = []Candidate{}
	}
	return m
}

// JSONLWriter writes one JSON object per line per Twitter account, also for
// accounts with no match.
type JSONLWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

// NewJSONLWriter returns a ResultWriter for the jsonl format.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	// Evidence is user text; "<" and "&" should read as themselves.
	enc.SetEscapeHTML(false)
	return &JSONLWriter{bw: bw, enc: enc}
}

// Write implements ResultWriter.
func (j *JSONLWriter) Write(m Match) error {
	if err := j.enc.Encode(ForOutput(m)); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}

// Close implements ResultWriter.
func (j *JSONLWriter) Close() error {
	if err := j.bw.Flush(); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}

// JSONWriter writes one indented JSON array of matches, streaming its
// elements as they come.
type JSONWriter struct {
	bw *bufio.Writer
	n  int
}

// NewJSONWriter returns a ResultWriter for the json format.
func NewJSONWriter(w io.Writer) *JSONWriter {
	return &JSONWriter{bw: bufio.NewWriter(w)}
}

// Write implements ResultWriter.
func (j *JSONWriter) Write(m Match) error {
	sep := ",\n  "
	if j.n == 0 {
		sep = "[\n  "
	}
	j.n++
	b, err := marshalIndent(ForOutput(m))
	if err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	j.bw.WriteString(sep)
	j.bw.Write(b)
	return nil
}

// Close implements ResultWriter.
func (j *JSONWriter) Close() error {
	if j.n == 0 {
		j.bw.WriteString("[]\n")
	} else {
		j.bw.WriteString("\n]\n")
	}
	if err := j.bw.Flush(); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

func marshalIndent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil // drop Encode's newline
}

// WriteJSONL writes ms in the jsonl format.
func WriteJSONL(w io.Writer, ms []Match) error { return writeAll(NewJSONLWriter(w), ms) }

// WriteJSON writes ms as one JSON array.
func WriteJSON(w io.Writer, ms []Match) error { return writeAll(NewJSONWriter(w), ms) }

func writeAll(rw ResultWriter, ms []Match) error {
	for _, m := range ms {
		if err := rw.Write(m); err != nil {
			return err
		}
	}
	return rw.Close()
}

// candidateFor finds the candidate behind an accepted handle.
func candidateFor(m Match, handle string) *Candidate {
	for i := range m.Candidates {
		if strings.EqualFold(m.Candidates[i].Handle, handle) {
			return &m.Candidates[i]
		}
	}
	return nil
}
