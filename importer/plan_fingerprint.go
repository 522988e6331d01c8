package importer

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
)

// planFingerprint hashes what execution depends on: every post's key,
// text, edges, media and date. A resumed job compares it with the one in
// its journal, so a changed archive, flag or server limit is noticed
// before anything is posted under stale keys.
func planFingerprint(posts []PlannedPost) string {
	h := sha256.New()
	for i := range posts {
		p := &posts[i]
		fpString(h, p.Key)
		fpString(h, p.Text)
		fpString(h, p.ReplyTo)
		fpString(h, p.QuoteOf)
		fpString(h, p.QuoteURL)
		fpString(h, p.Visibility)
		fpString(h, p.Language)
		fpString(h, p.ScheduledAt.UTC().String())
		for _, m := range p.Media {
			fpString(h, m.File)
			fpString(h, m.Alt)
		}
		fpString(h, "")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fpString writes a length-prefixed string so that field boundaries
// cannot be confused ("ab"+"c" differs from "a"+"bc").
func fpString(h hash.Hash, s string) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}
