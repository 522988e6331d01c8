package archive

import (
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
)

// noteStore keeps the notes of note-tweet.js out of the heap: each note
// is encoded (spool format) into a temporary file and only its id and
// place stay in memory, 24 bytes per note. A 300,000-tweet archive has
// thousands of long posts, tens of megabytes of text, and a note is read
// back only when a tweet looks cut short and a note was posted within the
// second before it. Without a usable temporary folder the encoded notes
// stay in memory, which is still more compact than the decoded ones.
type noteStore struct {
	refs []noteRef // sorted by id
	f    *os.File  // nil: the encoded notes are in mem
	mem  []byte
	buf  []byte
}

type noteRef struct {
	id  uint64
	off int64
	n   int64
}

// newNoteStore spills notes to a temporary file, falling back to memory.
func newNoteStore() *noteStore {
	s := &noteStore{}
	if f, err := os.CreateTemp("", "fledge-notes-*.spool"); err == nil {
		if os.Remove(f.Name()) == nil {
			s.f = f // unlinked: nothing is left behind, even on a crash
		} else {
			f.Close()
			os.Remove(f.Name())
		}
	}
	return s
}

// add encodes one note.
func (s *noteStore) add(n *note) error {
	b := binaryAppendNote(s.buf[:0], n)
	s.buf = b
	var off int64
	if k := len(s.refs); k > 0 {
		off = s.refs[k-1].off + s.refs[k-1].n
	}
	if s.f != nil {
		if _, err := s.f.WriteAt(b, off); err != nil {
			return fmt.Errorf("keeping note-tweet.js aside: %w", err)
		}
	} else {
		s.mem = append(s.mem, b...)
	}
	s.refs = append(s.refs, noteRef{id: n.id, off: off, n: int64(len(b))})
	return nil
}

// sort orders the notes by id once all are added.
func (s *noteStore) sort() {
	sort.SliceStable(s.refs, func(i, j int) bool { return s.refs[i].id < s.refs[j].id })
}

func (s *noteStore) close() {
	if s != nil && s.f != nil {
		s.f.Close()
		s.f = nil
	}
}

func (s *noteStore) len() int {
	if s == nil {
		return 0
	}
	return len(s.refs)
}

// match is noteIndex.match over the notes that can matter: those at most
// noteWindowMs before the tweet, read back from the store.
func (s *noteStore) match(t *Tweet) (n *note, prefix string, orphan bool, err error) {
	if s.len() == 0 {
		return nil, "", false, nil
	}
	if _, ok := truncatedBody(t.RawText); !ok {
		return nil, "", false, nil
	}
	end := sort.Search(len(s.refs), func(i int) bool { return s.refs[i].id >= t.ID })
	start := end
	for start > 0 && t.ID>>22-s.refs[start-1].id>>22 <= noteWindowMs {
		start--
	}
	if start == end {
		return nil, "", false, nil
	}
	cands := make(noteIndex, 0, end-start)
	for _, r := range s.refs[start:end] {
		nt, err := s.read(r)
		if err != nil {
			return nil, "", false, err
		}
		cands = append(cands, *nt)
	}
	n, prefix, orphan = cands.match(t)
	return n, prefix, orphan, nil
}

func (s *noteStore) read(r noteRef) (*note, error) {
	var b []byte
	if s.f != nil {
		s.buf = slices.Grow(s.buf[:0], int(r.n))[:r.n]
		if _, err := s.f.ReadAt(s.buf, r.off); err != nil && err != io.EOF {
			return nil, fmt.Errorf("reading note-tweet.js back: %w", err)
		}
		b = s.buf
	} else {
		b = s.mem[r.off : r.off+r.n]
	}
	rd := &spoolReader{b: b} // str copies what it returns
	n := &note{id: r.id, raw: rd.str(), text: rd.str(), urls: rd.strs(), mentions: rd.strs(), hashtags: rd.strs()}
	if rd.err == nil && len(rd.b) != 0 {
		rd.err = errCorruptSpool
	}
	if rd.err != nil {
		return nil, fmt.Errorf("reading note-tweet.js back: %w", rd.err)
	}
	return n, nil
}

func binaryAppendNote(b []byte, n *note) []byte {
	b = appendString(appendString(b, n.raw), n.text)
	b = appendStrings(appendStrings(appendStrings(b, n.urls), n.mentions), n.hashtags)
	return b
}
