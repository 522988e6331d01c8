package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

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
			return p, fmt.Errorf("%s:%d: not a match line: %w", name, line, err)
		}
		p.Scanned++
		if len(m.Handles) == 0 {
			continue
		}
		p.Matched++
		if len(p.First) < limit {
			p.First = append(p.First, m)
		}
	}
	if err := sc.Err(); err != nil {
		return p, fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return p, nil
}
