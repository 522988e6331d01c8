package profiles

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Store holds profiles read from --profiles files without keeping
// them in memory: each profile is encoded to a temporary file and only a
// small index stays in memory (numeric ids as integers, lower-cased screen
// names, where each record is). 100k profiles of 1.5 KB cost a few MB of
// index instead of 160 MB of decoded structs; a lookup reads one record
// back, which the page cache usually serves.
//
// Fill it with Add or AddFrom, then use it as a matcher.ProfileSource. It is safe
// for concurrent use. Close deletes the file.
type Store struct {
	// Name labels the store in messages; default "profiles file".
	Name string
	// Secondary, if set, marks profiles a capture only happened to hold
	// (tweet authors seen on a timeline) by their Source: they never
	// replace a primary profile of the same account and Accounts leaves
	// them out, yet Lookup still serves them.
	Secondary func(source string) bool

	mu      sync.Mutex
	file    *os.File
	w       *bufio.Writer
	size    int64 // bytes written, buffered or not
	flushed int64 // bytes the file itself holds
	unlink  bool  // the file still has a name to remove on Close
	buf     []byte

	slots   []storeSlot
	numIDs  map[uint64]int32 // canonical decimal ids
	strIDs  map[string]int32 // any other id
	names   map[uint64]int32 // hashes of lower-cased screen names, see nameKey
	seed    maphash.Seed
	keys    map[int32]string // the slots' keys that are not numeric ids
	sources []string         // Profile.Source values, indexed by storeSlot.src
	err     error            // the first write error: the store is unusable after it
}

// storeSlot is one account: where its latest record is and what Accounts
// needs without reading it back. 24 bytes: the common key, a numeric id,
// is inline; the rare others (an id that is not a number, the screen name
// of an account without id) live in Store.keys.
type storeSlot struct {
	off   int64
	n     uint32
	src   uint8 // index into sources
	score uint8 // richness, see richness
	key   uint8 // keyNumID, keyStrID or keyName
	id    uint64
}

const (
	keyName  uint8 = iota // no id: keys[i] is the lower-cased screen name
	keyNumID              // id is the account's numeric id
	keyStrID              // keys[i] is an id that is not a canonical number
)

// NewStore makes an empty store whose records go to a new file in
// dir (os.TempDir() when dir is ""), readable by the user only.
func NewStore(dir string) (*Store, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "fledge-profiles-*")
	if err != nil {
		return nil, fmt.Errorf("profiles are kept in a temporary file in %s: %w (%s)", dir, err, tempDirHint)
	}
	s := &Store{
		file:   f,
		w:      bufio.NewWriterSize(f, 64<<10),
		numIDs: map[uint64]int32{},
		strIDs: map[string]int32{},
		names:  map[uint64]int32{},
		seed:   maphash.MakeSeed(),
		keys:   map[int32]string{},
	}
	// Unlink at once where the system allows it (not Windows): the file
	// then disappears even if fledge is killed.
	s.unlink = os.Remove(f.Name()) != nil
	return s, nil
}

// tempDirHint says how to move the store's file elsewhere.
const tempDirHint = "set TMPDIR (TMP on Windows) to a folder with room"

func (s *Store) writeError(err error) error {
	return fmt.Errorf("profiles are kept in a temporary file in %s: %w (%s)", filepath.Dir(s.file.Name()), err, tempDirHint)
}

// Close deletes the store's file. The store cannot be used afterwards.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	if s.unlink {
		if rerr := os.Remove(s.file.Name()); err == nil {
			err = rerr
		}
	}
	s.file, s.slots, s.numIDs, s.strIDs, s.names, s.keys = nil, nil, nil, nil, nil, nil
	return err
}

func (s *Store) String() string {
	if s.Name != "" {
		return s.Name
	}
	return "profiles file"
}

// Len reports how many distinct accounts the store holds.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.slots)
}

// Size reports how many bytes of records the store has written,
// replaced ones included.
func (s *Store) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

// AddFrom adds every profile seq yields and returns how many it added.
// It stops at the first error, which it returns as is (a reader's
// *InputError names the file and line).
func (s *Store) AddFrom(seq iter.Seq2[Profile, error]) (int, error) {
	n := 0
	for p, err := range seq {
		if err != nil {
			return n, err
		}
		if err := s.Add(p); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Add stores p. A profile for an account the store already has (same id,
// or same screen name when p has no id) replaces the earlier one, unless
// the earlier one is richer: a primary profile over a secondary one, then
// more of the fields extraction reads. Profiles with neither id nor
// screen name are ignored.
func (s *Store) Add(p Profile) error {
	if p.ID == "" && p.ScreenName == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file == nil {
		return errors.New("profile store: closed")
	}
	if s.err != nil {
		return s.err
	}
	score := s.richness(&p)
	i, found := s.find(p.ID, p.ScreenName)
	if found && p.ID == "" {
		// Found by screen name: the account's id stays known.
		p.ID = s.idString(i)
	}
	if found && score < s.slots[i].score {
		// Keep the richer profile, but learn a screen name it lacked.
		s.nameSlot(i, p.ScreenName, false)
		return nil
	}
	s.buf = appendProfile(s.buf[:0], &p)
	if len(s.buf) > 1<<31 {
		return fmt.Errorf("profile store: profile %s too large", p.ID)
	}
	off := s.size
	if _, err := s.w.Write(s.buf); err != nil {
		s.err = s.writeError(err)
		return s.err
	}
	s.size += int64(len(s.buf))
	if !found {
		i = int32(len(s.slots))
		s.slots = append(s.slots, storeSlot{})
	}
	sl := &s.slots[i]
	sl.off, sl.n, sl.score = off, uint32(len(s.buf)), score
	sl.src = s.sourceIndex(p.Source)
	if p.ID != "" {
		s.idSlot(i, p.ID)
	}
	s.nameSlot(i, p.ScreenName, true)
	return nil
}

// find returns the slot of the account p names: by id when it has one,
// else by screen name.
func (s *Store) find(id, screenName string) (int32, bool) {
	if id != "" {
		if n, ok := NumericID(id); ok {
			i, ok := s.numIDs[n]
			return i, ok
		}
		i, ok := s.strIDs[id]
		return i, ok
	}
	i, ok := s.names[s.nameKey(screenName)]
	return i, ok
}

// nameKey is the index key of a screen name: a 64-bit hash of its lower
// case, which takes a third of the memory of the names themselves. Two
// names would have to collide for a lookup to find the wrong account;
// among 100k names the odds are about 1 in 4·10⁹.
func (s *Store) nameKey(screenName string) uint64 {
	return maphash.String(s.seed, strings.ToLower(screenName))
}

func (s *Store) idSlot(i int32, id string) {
	sl := &s.slots[i]
	if n, ok := NumericID(id); ok {
		s.numIDs[n] = i
		sl.key, sl.id = keyNumID, n
		delete(s.keys, i)
		return
	}
	s.strIDs[id] = i
	sl.key, s.keys[i] = keyStrID, id
}

// nameSlot points a screen name at slot i. A name moves to the newest
// profile that carries it (accounts get renamed, names reused), as
// NewStaticSource does; with newest false it is only filled when free.
func (s *Store) nameSlot(i int32, screenName string, newest bool) {
	if screenName == "" {
		return
	}
	key := s.nameKey(screenName)
	if _, taken := s.names[key]; taken && !newest {
		return
	}
	if s.slots[i].key == keyName && s.keys[i] == "" {
		s.keys[i] = strings.ToLower(screenName)
	}
	s.names[key] = i
}

// NumericID reads a canonical decimal id (no sign, no leading zero), the
// form Twitter ids take, as a number: the store and the pipeline index
// accounts by it and keep other ids as strings.
func NumericID(id string) (uint64, bool) {
	if len(id) == 0 || len(id) > 20 || (id[0] == '0' && len(id) > 1) {
		return 0, false
	}
	n, err := strconv.ParseUint(id, 10, 64)
	return n, err == nil
}

func (s *Store) sourceIndex(src string) uint8 {
	for i, have := range s.sources {
		if have == src {
			return uint8(i)
		}
	}
	if len(s.sources) == 255 {
		return 255 // more distinct sources than any reader makes: keep none
	}
	s.sources = append(s.sources, src)
	return uint8(len(s.sources) - 1)
}

func (s *Store) source(i uint8) string {
	if int(i) < len(s.sources) {
		return s.sources[i]
	}
	return ""
}

// richness ranks two profiles of one account: primary before secondary,
// then by how many of the fields extraction reads are filled.
func (s *Store) richness(p *Profile) uint8 {
	var n uint8
	for _, f := range []string{p.Name, p.Description, p.Location, p.URL, p.PinnedText} {
		if strings.TrimSpace(f) != "" {
			n++
		}
	}
	if len(p.DescriptionURLs)+len(p.URLURLs)+len(p.PinnedURLs) > 0 {
		n++
	}
	if s.Secondary == nil || !s.Secondary(p.Source) {
		n += 16
	}
	return n
}

// Lookup implements matcher.ProfileSource.
func (s *Store) Lookup(ctx context.Context, ids, screenNames []string) ([]Profile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file == nil {
		return nil, errors.New("profile store: closed")
	}
	var out []Profile
	read := func(i int32) error {
		p, err := s.read(i)
		if err != nil {
			return err
		}
		out = append(out, p)
		return nil
	}
	for _, id := range ids {
		if i, ok := s.find(id, ""); ok && id != "" {
			if err := read(i); err != nil {
				return out, err
			}
		}
		if err := ctx.Err(); err != nil {
			return out, err
		}
	}
	for _, n := range screenNames {
		if i, ok := s.names[s.nameKey(n)]; ok && n != "" {
			if err := read(i); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// read decodes slot i's record, flushing first if it is still buffered.
func (s *Store) read(i int32) (Profile, error) {
	sl := &s.slots[i]
	if sl.off+int64(sl.n) > s.flushed {
		if err := s.w.Flush(); err != nil {
			s.err = s.writeError(err)
			return Profile{}, s.err
		}
		s.flushed = s.size
	}
	if cap(s.buf) < int(sl.n) {
		s.buf = make([]byte, sl.n)
	}
	b := s.buf[:sl.n]
	if _, err := s.file.ReadAt(b, sl.off); err != nil {
		return Profile{}, fmt.Errorf("profile store: reading back a profile: %w", err)
	}
	p, err := decodeProfile(b)
	if err != nil {
		return Profile{}, fmt.Errorf("profile store: %w", err)
	}
	return p, nil
}

// Accounts yields the accounts of the store's primary profiles in the
// order they were first added: the id when known, else the screen name.
// It reads nothing back from the file. Adding while iterating is not
// supported.
func (s *Store) Accounts() iter.Seq[AccountRef] {
	return func(yield func(AccountRef) bool) {
		s.mu.Lock()
		n := len(s.slots)
		s.mu.Unlock()
		for i := range n {
			s.mu.Lock()
			if i >= len(s.slots) {
				s.mu.Unlock()
				return
			}
			var a AccountRef
			secondary := s.Secondary != nil && s.Secondary(s.source(s.slots[i].src))
			if !secondary {
				if a.ID = s.idString(int32(i)); a.ID == "" {
					a.ScreenName = s.keys[int32(i)]
				}
			}
			s.mu.Unlock()
			if secondary {
				continue
			}
			if !yield(a) {
				return
			}
		}
	}
}

// idString is slot i's account id, "" when only its screen name is known.
func (s *Store) idString(i int32) string {
	switch s.slots[i].key {
	case keyNumID:
		return strconv.FormatUint(s.slots[i].id, 10)
	case keyStrID:
		return s.keys[i]
	}
	return ""
}

// Records are the profile's strings in a fixed order, each a uvarint
// length and its bytes, with the three URL lists as a uvarint count of
// (url, expanded, start, end). Nothing but this package reads them.

func appendProfile(b []byte, p *Profile) []byte {
	for _, f := range []string{p.ID, p.ScreenName, p.Name, p.Description, p.Location, p.URL, p.PinnedText, p.Source} {
		b = appendString(b, f)
	}
	for _, us := range [][]URLEntity{p.DescriptionURLs, p.URLURLs, p.PinnedURLs} {
		b = appendUvarint(b, uint64(len(us)))
		for _, u := range us {
			b = appendString(b, u.URL)
			b = appendString(b, u.ExpandedURL)
			b = appendUvarint(b, uint64(u.Start))
			b = appendUvarint(b, uint64(u.End))
		}
	}
	return b
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendString(b []byte, s string) []byte {
	return append(appendUvarint(b, uint64(len(s))), s...)
}

var errBadRecord = errors.New("damaged record")

type recordReader struct {
	b   []byte
	err error
}

func (r *recordReader) uvarint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		if len(r.b) == 0 {
			r.err = errBadRecord
			return 0
		}
		c := r.b[0]
		r.b = r.b[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.err = errBadRecord
	return 0
}

func (r *recordReader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errBadRecord
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *recordReader) int() int {
	v := r.uvarint()
	if v > 1<<31 {
		r.err = errBadRecord
	}
	return int(v)
}

func decodeProfile(b []byte) (Profile, error) {
	r := &recordReader{b: b}
	var p Profile
	for _, f := range []*string{&p.ID, &p.ScreenName, &p.Name, &p.Description, &p.Location, &p.URL, &p.PinnedText, &p.Source} {
		*f = r.string()
	}
	for _, us := range []*[]URLEntity{&p.DescriptionURLs, &p.URLURLs, &p.PinnedURLs} {
		n := r.uvarint()
		// Each entity takes at least four bytes: a bound before allocating.
		if r.err != nil || n > uint64(len(r.b))/4 {
			return Profile{}, errBadRecord
		}
		if n == 0 {
			continue
		}
		*us = make([]URLEntity, n)
		for i := range *us {
			u := &(*us)[i]
			u.URL, u.ExpandedURL = r.string(), r.string()
			u.Start, u.End = r.int(), r.int()
		}
	}
	if r.err != nil || len(r.b) != 0 {
		return Profile{}, errBadRecord
	}
	return p, nil
}
