package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// answer is what the user said to a step's question.
type answer int

const (
	answerYes  answer = iota // run the step now
	answerNo                 // not now: offered again next time
	answerSkip               // never: recorded, not offered again
	answerQuit               // stop here: what is left is offered next time
)

// parseAnswer reads one typed answer; an empty line is the default, yes.
// ok is false for anything else, so the question is asked again.
func parseAnswer(line string) (answer, bool) {
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "", "y", "yes":
		return answerYes, true
	case "n", "no":
		return answerNo, true
	case "s", "skip":
		return answerSkip, true
	case "q", "quit", "exit":
		return answerQuit, true
	}
	return answerNo, false
}

// maxAsks bounds how often a question is repeated after answers it does
// not understand, so a runaway pipe cannot loop for ever.
const maxAsks = 5

// ask puts a step's question on stderr and reads the answer. The end of
// input counts as quit. Ctrl-C while waiting returns errInterrupted.
func (m *migration) ask(ctx context.Context, question string) (answer, error) {
	for range maxAsks {
		fmt.Fprintf(m.f.IO.ErrOut, "%s [Y/n/skip/quit] ", question)
		line, err := readAnswerLine(ctx, m.f.IO.In)
		if errors.Is(err, errInterrupted) {
			fmt.Fprintln(m.f.IO.ErrOut)
			return answerQuit, err
		}
		if err != nil {
			fmt.Fprintln(m.f.IO.ErrOut)
			return answerQuit, nil
		}
		if a, ok := parseAnswer(line); ok {
			return a, nil
		}
		fmt.Fprintln(m.f.IO.ErrOut, "Please answer y (run it now), n (not now), skip (never) or quit.")
	}
	return answerQuit, nil
}

// readAnswerLine reads one line a byte at a time: the steps that run
// next may read stdin themselves (an authorization code, a confirmation),
// so nothing past the newline may be taken. The read runs aside so
// Ctrl-C ends the wait even though the read cannot be interrupted.
func readAnswerLine(ctx context.Context, r io.Reader) (string, error) {
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		var b strings.Builder
		buf := make([]byte, 1)
		for b.Len() < maxInputLine {
			n, err := r.Read(buf)
			if n == 1 {
				if buf[0] == '\n' {
					ch <- result{b.String(), nil}
					return
				}
				b.WriteByte(buf[0])
			}
			if err != nil {
				if errors.Is(err, io.EOF) && b.Len() > 0 {
					err = nil
				}
				ch <- result{b.String(), err}
				return
			}
		}
		ch <- result{b.String(), nil}
	}()
	select {
	case <-ctx.Done():
		return "", errInterrupted
	case res := <-ch:
		return res.line, res.err
	}
}
