package matcher

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// HandleSet is a set of fediverse accounts, compared case-insensitively
// (Mastodon looks remote accounts up case-insensitively).
type HandleSet map[string]struct{}

func handleKey(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

// Add puts a handle (with or without its leading "@") into the set.
func (s HandleSet) Add(h string) { s[handleKey(h)] = struct{}{} }

// Has reports whether the set holds h (with or without its leading "@").
func (s HandleSet) Has(h string) bool {
	_, ok := s[handleKey(h)]
	return ok
}

// ReadFollowingCSV reads a Mastodon following_accounts.csv export (or any
// Mastodon account-list CSV: the header is optional, the first column is
// the account address) for --exclude-following. Like Mastodon's importer
// it strips one leading "@" and skips blank lines.
func ReadFollowingCSV(r io.Reader, name string) (HandleSet, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	set := HandleSet{}
	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return set, nil
		}
		if err != nil {
			return nil, profiles.CSVInputError(name, 0, err)
		}
		line, _ := cr.FieldPos(0)
		addr := strings.TrimSpace(rec[0])
		if first && strings.EqualFold(addr, "Account address") {
			continue
		}
		if addr == "" {
			continue
		}
		if _, err := importAddress(addr); err != nil {
			return nil, &profiles.InputError{File: name, Line: line, Err: fmt.Errorf("account address %.80q is not user@domain", addr)}
		}
		set.Add(addr)
	}
}
