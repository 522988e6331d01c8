package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/fledge-cli/fledge/matcher"
)

// matchesPreview is what the follow step shows before asking: how many
// accounts were scanned and matched, and the first matches.
type matchesPreview struct {
	Scanned int
	Matched int
	First   []matcher.Match // at most the limit given to readMatchesPreview
}

// maxMatchLine bounds one line of a matches file; a match with many
// candidates is a few kilobytes.
const maxMatchLine = 1 << 20

// readMatchesPreview reads the JSON lines fledge match writes (one per
// account, unmatched ones too) and keeps the first limit matched ones.
// Errors name the file and line.
func readMatchesPreview(r io.Reader, name string, limit int) (matchesPreview, error) {
	var p matchesPreview
	err := eachMatchLine(r, name, func(m matcher.Match) {
		p.Scanned++
		if len(m.Handles) == 0 {
			return
		}
		p.Matched++
		if len(p.First) < limit {
			p.First = append(p.First, m)
		}
	})
	return p, err
}

// readEarlierMatches reads the matched accounts of an earlier match step
// from its matches file, by Twitter id; none when there is no file yet.
func readEarlierMatches(name string) (map[string]matcher.Match, error) {
	fh, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	out := map[string]matcher.Match{}
	err = eachMatchLine(fh, name, func(m matcher.Match) {
		if len(m.Handles) > 0 && m.TwitterID != "" {
			out[m.TwitterID] = m
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachMatchLine calls fn with every match of a matches file, skipping
// blank lines; errors name the file and line.
func eachMatchLine(r io.Reader, name string, fn func(matcher.Match)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxMatchLine)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var m matcher.Match
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("%s:%d: not a match line: %w", name, line, err)
		}
		fn(m)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return nil
}

// keepEarlier writes a run's matches, except that an account no source
// had data for this time keeps the match an earlier run found for it: a
// migration run again with a new capture (and the old one deleted, as the
// guide says) re-matches the accounts that lacked data and loses none.
type keepEarlier struct {
	matcher.ResultWriter
	earlier map[string]matcher.Match
	lacked  func(id string) bool
	kept    int
}

func (k *keepEarlier) Write(m matcher.Match) error {
	if old, ok := k.earlier[m.TwitterID]; ok && len(m.Handles) == 0 && k.lacked(m.TwitterID) {
		k.kept++
		return k.ResultWriter.Write(old)
	}
	return k.ResultWriter.Write(m)
}
