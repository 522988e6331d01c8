package archive

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"slices"
)

// spoolEntry locates one spooled tweet: 16 bytes per tweet in memory, so
// a million tweets cost about 16 MB however long their texts are. at packs
// the record's offset (the high 39 bits: up to 512 GiB of spool) and its
// length (the low 25 bits: 32 MiB, room for a record at the decoder's cap
// joined with a long post at the cap).
type spoolEntry struct {
	id uint64
	at uint64
}

const (
	spoolLenBits = 25
	spoolMaxLen  = 1<<spoolLenBits - 1
	spoolMaxOff  = 1<<(64-spoolLenBits) - 1
)

func (e spoolEntry) off() int64 { return int64(e.at >> spoolLenBits) }
func (e spoolEntry) n() int     { return int(e.at & spoolMaxLen) }

// sortedTweets yields tweets oldest first without holding them in memory:
// one streaming pass writes each normalized tweet to a temporary file and
// records (id, offset, length); the index is sorted by id (snowflake ids
// grow with time, and pre-2010 ids are sequential) and the records are read
// back in that order. The file is removed when iteration ends.
//
// The file is unlinked as soon as it is created where the system allows it
// (Unix), so nothing is left behind even if the process is killed while
// iterating; elsewhere it is removed when iteration ends.
func (a *Archive) sortedTweets(ctx context.Context, opt TweetOptions, yield func(*Tweet, error) bool) {
	f, err := os.CreateTemp("", "fledge-tweets-*.spool")
	if err != nil {
		yield(nil, fmt.Errorf("%s: sorting tweets: %w", a.path, err))
		return
	}
	if os.Remove(f.Name()) != nil {
		defer os.Remove(f.Name())
	}
	defer f.Close()

	bw := bufio.NewWriterSize(f, 1<<20)
	var index []spoolEntry
	var off int64
	var b []byte
	err = a.scan(ctx, opt, func(t *Tweet) error {
		b = appendTweet(b[:0], t)
		if _, err := bw.Write(b); err != nil {
			return fmt.Errorf("sorting tweets: writing %s: %w", f.Name(), err)
		}
		if len(b) > spoolMaxLen || off > spoolMaxOff {
			return fmt.Errorf("sorting tweets: tweet %s is too large to sort (%d bytes)", t.IDStr, len(b))
		}
		if len(index) == cap(index) {
			// Grow by a quarter, not append's doubling: the index is
			// most of what sorting keeps in memory.
			index = slices.Grow(index, cap(index)/4+1024)
		}
		index = append(index, spoolEntry{id: t.ID, at: uint64(off)<<spoolLenBits | uint64(len(b))})
		off += int64(len(b))
		return nil
	})
	if err == nil {
		if err = bw.Flush(); err != nil {
			err = fmt.Errorf("sorting tweets: writing %s: %w", f.Name(), err)
		}
	}
	if err != nil {
		yield(nil, err)
		return
	}
	slices.SortStableFunc(index, func(x, y spoolEntry) int {
		switch {
		case x.id < y.id:
			return -1
		case x.id > y.id:
			return 1
		}
		return 0
	})
	var buf []byte
	for i, e := range index {
		if i%1024 == 0 && ctx.Err() != nil {
			yield(nil, ctx.Err())
			return
		}
		buf = slices.Grow(buf[:0], e.n())[:e.n()]
		if _, err := f.ReadAt(buf, e.off()); err != nil {
			yield(nil, fmt.Errorf("sorting tweets: reading %s: %w", f.Name(), err))
			return
		}
		t, err := readTweet(buf)
		if err != nil {
			yield(nil, fmt.Errorf("sorting tweets: %s at byte %d: %w", f.Name(), e.off(), err))
			return
		}
		if !yield(t, nil) {
			return
		}
	}
}
