package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"
)

// AltTexts are alt texts from a sidecar CSV (tweet_id,file,alt), for
// archives that have none. Keys are tweet id and the file's base name.
type AltTexts map[string]string

func altKey(tweetID, file string) string {
	return tweetID + "\x00" + strings.ToLower(path.Base(file))
}

// Lookup returns the alt text for a tweet's media file, if any.
func (a AltTexts) Lookup(tweetID, file string) string {
	if a == nil || file == "" {
		return ""
	}
	return a[altKey(tweetID, file)]
}

// maxAltRecords bounds a sidecar file: far more media than any archive
// holds, but a runaway file is refused rather than read into memory.
const maxAltRecords = 1_000_000

// ReadAltCSV reads a sidecar alt-text file: one "tweet_id,file,alt" row
// per media item, with an optional header row. file is the media file's
// name as in the archive (only its base name is compared). name is used
// in errors, which give the line.
func ReadAltCSV(r io.Reader, name string) (AltTexts, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	cr.ReuseRecord = true
	alts := AltTexts{}
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return alts, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if row == 0 && strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(rec[0], "\uFEFF")), "tweet_id") {
			continue
		}
		if row >= maxAltRecords {
			return nil, fmt.Errorf("%s: more than %d rows", name, maxAltRecords)
		}
		id := strings.TrimSpace(strings.TrimPrefix(rec[0], "\uFEFF"))
		if !isTweetID(id) {
			return nil, fmt.Errorf("%s:%d: %q is not a tweet id", name, line, rec[0])
		}
		file := strings.TrimSpace(rec[1])
		if file == "" || path.Base(file) == "." || path.Base(file) == "/" {
			return nil, fmt.Errorf("%s:%d: empty file name", name, line)
		}
		alt := strings.TrimSpace(rec[2])
		if !utf8.ValidString(alt) {
			return nil, fmt.Errorf("%s:%d: alt text is not valid UTF-8", name, line)
		}
		if alt != "" {
			alts[altKey(id, file)] = alt
		}
	}
}

// isTweetID: 1 to 20 decimal digits (ids are uint64).
func isTweetID(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
