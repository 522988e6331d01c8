package archive

import (
	"errors"
	"fmt"
	"io"
	"sort"
)

// maxRecord caps one record of a data file (one element of its array, or
// the whole value of a single-value file such as manifest.js), and so any
// one string in it. Real records are a few kilobytes: a tweet with four
// media and long URLs is under 20 KB, a 25,000-character long post under
// 150 KB even with every character \u-escaped, and the largest records of
// the files we read (lists, manifests) stay well under a megabyte. 16 MiB
// is a hundred times what any real archive holds, yet small enough that a
// hostile record (one 500 MB string) costs tens of megabytes, not
// gigabytes: the JSON decoder holds a whole string or skipped value in
// memory at once, so without this cap its buffer grows with the record.
const maxRecord = 16 << 20

// recordLimit is maxRecord, a variable only so tests under the race
// detector (which slows decoding tenfold) can use a smaller one.
var recordLimit int64 = maxRecord

// maxBlank is the longest run of whitespace between tokens that is passed
// on to the decoder; the rest of a longer run is dropped. The decoder keeps
// every whitespace byte it has read until the next token, so gigabytes of
// whitespace between two records would otherwise all sit in memory. Real
// files indent by a few dozen bytes at most.
const maxBlank = 4 << 10

// RecordTooLargeError reports a record above the size cap.
type RecordTooLargeError struct {
	File   string
	Record int   // 1-based index of the record in its file
	Offset int64 // byte offset of the record's start in the file
	Limit  int64
}

func (e *RecordTooLargeError) Error() string {
	return fmt.Sprintf("%s: record %d (byte %d) is larger than %d MiB, where real archive records are a few kilobytes: the file is damaged or was not written by Twitter; remove or repair that record and try again",
		e.File, e.Record, e.Offset, e.Limit>>20)
}

// guardReader sits between a data file and its JSON decoder and keeps the
// decoder's memory flat whatever the file holds: it fails a record that
// grows past the cap, and squeezes long runs of whitespace outside strings
// (which JSON ignores) down to maxBlank bytes. It understands just enough
// JSON for that: strings, escapes and bracket depth. It never buffers;
// Read filters the caller's buffer in place.
type guardReader struct {
	r    io.Reader
	name string
	base int64 // bytes of the file before the guarded part
	// Limits, variables only so tests can use small ones.
	maxRecord, maxBlank int64

	recDepth int  // depth at which records sit: 1 in an array file, 0 for a single value
	depth    int  // bracket depth outside strings
	inStr    bool // inside a string
	esc      bool // the previous byte was a backslash inside a string
	inRec    bool
	scalar   bool  // the current record is a bare number or literal
	recStart int64 // raw offset where the current record began
	records  int   // records started so far
	blank    int64 // length of the current whitespace run

	raw, out int64 // bytes read from r, bytes handed to the decoder
	drops    []guardDrop
	err      error
}

// guardDrop notes that before output offset at, cum raw bytes had been
// dropped in total; it maps decoder offsets back to file offsets.
type guardDrop struct{ at, cum int64 }

func newGuardReader(r io.Reader, name string, base int64, recDepth int) *guardReader {
	return &guardReader{r: r, name: name, base: base, recDepth: recDepth, maxRecord: recordLimit, maxBlank: maxBlank}
}

func (g *guardReader) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	for {
		n, err := g.r.Read(p)
		w := g.filter(p[:n])
		if g.err != nil {
			return w, g.err
		}
		if w > 0 || err != nil {
			return w, err
		}
		// Everything read was dropped whitespace: read on rather than
		// return 0, nil.
	}
}

// Byte classes outside strings, for filter's table lookups.
const (
	clOther = iota // part of a number or literal
	clBlank
	clQuote
	clOpen
	clClose
	clComma
	clColon
)

var guardClass = func() (t [256]uint8) {
	for _, c := range " \t\n\r" {
		t[c] = clBlank
	}
	t['"'], t['{'], t['['], t['}'], t[']'], t[','], t[':'] = clQuote, clOpen, clOpen, clClose, clClose, clComma, clColon
	return t
}()

// strStop marks the bytes that end a run of plain string content.
var strStop = func() (t [256]bool) {
	t['"'], t['\\'] = true, true
	return t
}()

// filter runs the state machine over b, compacting it in place, and
// returns the length kept. It works on runs of bytes of one class, with
// the state in locals (the loop is on the parser's hot path); the record
// size is checked per run, so a record is stopped at most one read past
// the cap.
func (g *guardReader) filter(b []byte) int {
	raw0 := g.raw // file offset (less base) of b[0]
	t := recTracker{g.depth, g.recDepth, g.inRec, g.scalar, g.recStart, g.records}
	blank, inStr, esc := g.blank, g.inStr, g.esc
	w, i := 0, 0
	for i < len(b) {
		j := i + 1 // the run is b[i:j]; keep is how much of it passes
		switch {
		case inStr && esc:
			esc = false
		case inStr:
			j = stringEnd(b, i)
			if j < len(b) {
				if b[j] == '\\' {
					esc = true
				} else {
					inStr = false
					if t.depth == t.recDepth {
						t.inRec = false // a record that is a bare string
					}
				}
				j++
			}
		default:
			class := guardClass[b[i]]
			if class != clBlank {
				blank = 0
				inStr = t.token(class, raw0+int64(i))
				if class == clOther {
					j = runEnd(b, j, clOther)
				}
				break
			}
			j = runEnd(b, j, clBlank)
			t.endScalar()
			n := int64(j - i)
			if blank+n > g.maxBlank {
				w = g.dropBlank(b, w, i, n, blank)
				blank += n
				i = j
				continue
			}
			blank += n
		}
		if w != i {
			copy(b[w:], b[i:j])
		}
		w += j - i
		i = j
		if t.inRec && raw0+int64(i)-t.start > g.maxRecord {
			break
		}
	}
	g.raw = raw0 + int64(i)
	g.depth, g.inRec, g.scalar, g.recStart, g.records = t.depth, t.inRec, t.scalar, t.start, t.records
	g.blank, g.inStr, g.esc = blank, inStr, esc
	if t.inRec && g.raw-t.start > g.maxRecord {
		g.tooLarge()
		return w
	}
	g.out += int64(w)
	return w
}

// stringEnd is the index of the first quote or backslash in b from i,
// or len(b).
func stringEnd(b []byte, i int) int {
	for i < len(b) && !strStop[b[i]] {
		i++
	}
	return i
}

// runEnd is the index of the first byte from j not of class c, or len(b).
func runEnd(b []byte, j int, c uint8) int {
	for j < len(b) && guardClass[b[j]] == c {
		j++
	}
	return j
}

// dropBlank keeps of the whitespace run b[i:i+n] what is left of the
// allowance after blank bytes already kept, moving it to b[w:], and
// notes the rest as dropped; it returns the new w.
func (g *guardReader) dropBlank(b []byte, w, i int, n, blank int64) int {
	keep := max(0, g.maxBlank-blank)
	if keep > 0 && w != i {
		copy(b[w:], b[i:i+int(keep)])
	}
	w += int(keep)
	g.drop(g.out+int64(w), n-keep)
	return w
}

// recTracker follows bracket depth and where records start and end,
// outside strings. filter keeps it in a local while it runs.
type recTracker struct {
	depth, recDepth int
	inRec, scalar   bool  // the current record is a bare number or literal
	start           int64 // raw offset where the current record began
	records         int   // records started so far
}

// token moves the tracker past one byte (the first of a run of number
// or literal bytes) of the given class at raw offset at, and reports
// whether a string starts.
func (t *recTracker) token(class uint8, at int64) (inStr bool) {
	switch class {
	case clOther:
		t.begin(true, at)
	case clQuote:
		t.begin(false, at)
		return true
	case clOpen:
		t.begin(false, at)
		t.depth++
	case clClose:
		t.endScalar()
		if t.depth > 0 {
			t.depth--
		}
		if t.inRec && !t.scalar && t.depth == t.recDepth {
			t.inRec = false
		}
	case clComma:
		t.endScalar()
	}
	return false
}

// begin starts a record at raw offset at, if none is open at the record depth.
func (t *recTracker) begin(scalar bool, at int64) {
	if !t.inRec && t.depth == t.recDepth {
		t.inRec, t.scalar, t.start = true, scalar, at
		t.records++
	}
}

// endScalar ends a bare number or literal record at a delimiter.
func (t *recTracker) endScalar() {
	if t.inRec && t.scalar && t.depth == t.recDepth {
		t.inRec = false
	}
}

func (g *guardReader) drop(at, n int64) {
	if k := len(g.drops); k > 0 && g.drops[k-1].at == at {
		g.drops[k-1].cum += n
		return
	}
	cum := n
	if k := len(g.drops); k > 0 {
		cum += g.drops[k-1].cum
	}
	g.drops = append(g.drops, guardDrop{at: at, cum: cum})
}

func (g *guardReader) tooLarge() {
	g.err = &RecordTooLargeError{File: g.name, Record: g.records, Offset: g.base + g.recStart, Limit: g.maxRecord}
}

// fileOffset maps an offset in what the decoder saw to the file's offset.
func (g *guardReader) fileOffset(out int64) int64 {
	i := sort.Search(len(g.drops), func(i int) bool { return g.drops[i].at > out })
	if i == 0 {
		return g.base + out
	}
	return g.base + out + g.drops[i-1].cum
}

// forget discards the drop notes no longer needed to map offsets at or
// after out (the decoder's position only grows), so hostile files cannot
// grow the list: it keeps the entries within the decoder's buffer.
func (g *guardReader) forget(out int64) {
	i := sort.Search(len(g.drops), func(i int) bool { return g.drops[i].at > out })
	if i > 1 {
		g.drops = append(g.drops[:0], g.drops[i-1:]...)
	}
}

// guardErr returns the guard's own error when err was caused by it, so
// the message names the record and its size rather than a decoder offset;
// likewise a zip member's oversize error, which names the file already.
func guardErr(err error) (error, bool) {
	var big *RecordTooLargeError
	if errors.As(err, &big) {
		return big, true
	}
	var over *oversizeError
	if errors.As(err, &over) {
		return over, true
	}
	return err, false
}
