package journal

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrCorrupt is matched (errors.Is) by every error about a journal's
// content, as opposed to errors reading it.
var ErrCorrupt = errors.New("corrupt journal")

// CorruptError says which line of which journal cannot be used and why.
// Only the last line may be incomplete (a crash while writing it); anything
// wrong before it means the file was damaged or edited.
type CorruptError struct {
	File string // file name, or whatever name the reader was given
	Line int    // 1-based
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("journal %s, line %d: %v", e.File, e.Line, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrCorrupt) true.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// Read replays the journal at path without locking it, so it may be used
// while a job runs (by "fledge status", for example). Data payloads are kept.
func Read(path string) (*State, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	defer f.Close()
	st, _, err := replay(f, path, true)
	return st, err
}

// Replay reads a journal from r; name is used in error messages. A torn
// last line is ignored (State.Torn says so); any other damage is a
// *CorruptError naming the line.
func Replay(r io.Reader, name string) (*State, error) {
	st, _, err := replay(r, name, true)
	return st, err
}

// replay applies every complete record of r and returns the state and the
// length of the prefix holding them, where a writer must truncate the file
// before appending. keepData false drops payloads to save memory.
func replay(r io.Reader, name string, keepData bool) (*State, int64, error) {
	st := newState(keepData)
	br := bufio.NewReaderSize(r, 64<<10)
	var valid int64
	var buf []byte
	for n := 1; ; n++ {
		line, complete, err := readLine(br, buf[:0])
		buf = line
		if err != nil {
			return nil, 0, fmt.Errorf("read journal %s: %w", name, err)
		}
		if len(line) == 0 && !complete {
			return st, valid, nil // clean end of file
		}
		if !complete {
			st.Torn = true // a crash cut the last write short
			return st, valid, nil
		}
		rec, derr := decode(line)
		if derr != nil {
			if _, perr := br.Peek(1); perr == io.EOF {
				st.Torn = true // the last write landed only in part
				return st, valid, nil
			}
			return nil, 0, &CorruptError{File: name, Line: n, Err: derr}
		}
		if err := st.check(rec); err != nil {
			return nil, 0, &CorruptError{File: name, Line: n, Err: err}
		}
		st.apply(rec)
		valid += int64(len(line))
	}
}

// decode parses one line. A fresh record each time matters: a payload is a
// slice the State keeps.
func decode(line []byte) (*record, error) {
	if len(line) > maxRecord {
		return nil, fmt.Errorf("line is longer than %d bytes", maxRecord)
	}
	rec := new(record)
	if err := json.Unmarshal(line, rec); err != nil {
		return nil, fmt.Errorf("not a journal record: %w", err)
	}
	return rec, nil
}

// readLine appends the next line of br to buf and reports whether it ended
// with a newline. A line longer than maxRecord is consumed but only its
// first maxRecord+1 bytes are returned, enough for decode to refuse it.
func readLine(br *bufio.Reader, buf []byte) ([]byte, bool, error) {
	for {
		frag, err := br.ReadSlice('\n')
		if room := maxRecord + 1 - len(buf); room > 0 {
			buf = append(buf, frag[:min(len(frag), room)]...)
		}
		switch err {
		case nil:
			return buf, true, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			return buf, false, nil
		default:
			return buf, false, err
		}
	}
}
