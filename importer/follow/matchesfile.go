package follow

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// maxLine bounds one line of a matches file; a real match with many
// candidates is a few kilobytes.
const maxLine = 4 << 20

// InputError names the file and line of bad input: the same type the
// profile readers use, so a command reports every user file alike.
type InputError = profiles.InputError

// ReadMatches reads the accounts to act on from a matches file: the jsonl
// or json written by `fledge match`, or a Mastodon account CSV (following
// with its four- or two-column header, or header-less, first column the
// account address; the csv `fledge match` writes is the former). Every
// accepted handle of a match becomes a target, duplicates dropped. name
// is used in errors. A match's "list" field (which archive list it came
// from) is kept on its targets; files written before it existed have none.
func ReadMatches(r io.Reader, name string) ([]Target, error) {
	f, err := ReadMatchesFile(r, name)
	return f.Targets, err
}

// A MatchesFile is what a matches file holds: the targets, and the
// archive lists its records say they came from, sorted, each once. The
// lists count every record, matched or not, so a blocks file in which
// nothing was matched still says it is a blocks file.
type MatchesFile struct {
	Targets []Target
	Lists   []string
}

// ReadMatchesFile reads a matches file as ReadMatches does, with the lists
// its records name (none for a Mastodon CSV or an older matches file).
func ReadMatchesFile(r io.Reader, name string) (MatchesFile, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	first, err := firstByte(br)
	if err != nil {
		return MatchesFile{}, &InputError{File: name, Err: err}
	}
	var f MatchesFile
	switch first {
	case 0:
		return f, nil // empty file: nothing to do
	case '{':
		err = readMatchesJSONL(br, name, &f)
	case '[':
		err = readMatchesJSON(br, name, &f)
	default:
		f.Targets, err = readMatchesCSV(br, name)
	}
	if err != nil {
		return MatchesFile{}, err
	}
	f.Targets = Dedupe(f.Targets)
	slices.Sort(f.Lists)
	return f, nil
}

// add takes one match record's targets and list.
func (f *MatchesFile) add(m matcher.Match) error {
	got, err := targetsOf(m)
	if err != nil {
		return err
	}
	f.Targets = append(f.Targets, got...)
	if m.List != "" && !slices.Contains(f.Lists, m.List) {
		f.Lists = append(f.Lists, m.List)
	}
	return nil
}

// firstByte peeks at the first non-space byte (0 for an empty input).
func firstByte(br *bufio.Reader) (byte, error) {
	for i := 1; ; i++ {
		b, err := br.Peek(i)
		if errors.Is(err, io.EOF) || (err != nil && len(b) < i) {
			if errors.Is(err, io.EOF) {
				return 0, nil
			}
			return 0, err
		}
		c := b[i-1]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
		if i >= 64<<10 {
			return 0, errors.New("no content in the first 64 KiB")
		}
	}
}

func readMatchesJSONL(r io.Reader, name string, f *MatchesFile) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var m matcher.Match
		if err := json.Unmarshal(b, &m); err != nil {
			return &InputError{File: name, Line: line, Err: fmt.Errorf("not a match record: %w", err)}
		}
		if err := f.add(m); err != nil {
			return &InputError{File: name, Line: line, Err: err}
		}
	}
	if err := sc.Err(); err != nil {
		return &InputError{File: name, Err: err}
	}
	return nil
}

func readMatchesJSON(r io.Reader, name string, f *MatchesFile) error {
	var ms []matcher.Match
	dec := json.NewDecoder(io.LimitReader(r, 1<<30))
	if err := dec.Decode(&ms); err != nil {
		return &InputError{File: name, Err: fmt.Errorf("not a JSON array of matches: %w", err)}
	}
	for i, m := range ms {
		if err := f.add(m); err != nil {
			return &InputError{File: name, Err: fmt.Errorf("match %d: %w", i+1, err)}
		}
	}
	return nil
}

// TargetsFromMatches turns matches (as `fledge match` produces them) into
// targets, duplicates dropped: what ReadMatches does for a file.
func TargetsFromMatches(ms []matcher.Match) ([]Target, error) {
	var ts []Target
	for _, m := range ms {
		t, err := targetsOf(m)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t...)
	}
	return Dedupe(ts), nil
}

// targetsOf turns a match's accepted handles into targets.
func targetsOf(m matcher.Match) ([]Target, error) {
	var ts []Target
	for _, h := range m.Handles {
		addr, err := ParseAddress(h)
		if err != nil {
			return nil, fmt.Errorf("twitter account %s: %w", m.ScreenName, err)
		}
		ts = append(ts, Target{Handle: addr, TwitterID: m.TwitterID, ScreenName: m.ScreenName, List: m.List})
	}
	return ts, nil
}

// csvHeaders are the first cells Mastodon's exports start with.
var csvHeaders = []string{"account address", "list name"}

func readMatchesCSV(r io.Reader, name string) ([]Target, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var ts []Target
	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return ts, nil
		}
		if err != nil {
			// FieldPos is only valid after a successful Read.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, &InputError{File: name, Line: line, Err: err}
		}
		line, _ := cr.FieldPos(0)
		cell := strings.TrimSpace(rec[0])
		if first && isHeader(cell) {
			continue
		}
		if cell == "" {
			continue
		}
		addr, err := ParseAddress(cell)
		if err != nil {
			return nil, &InputError{File: name, Line: line, Err: err}
		}
		ts = append(ts, Target{Handle: addr})
	}
}

func isHeader(cell string) bool {
	for _, h := range csvHeaders {
		if strings.EqualFold(cell, h) {
			return true
		}
	}
	return false
}

// ParseAddress checks a fediverse account address (@user@domain or
// user@domain, as Mastodon's importer accepts) and returns user@domain
// with the domain lower-cased.
func ParseAddress(s string) (string, error) {
	a := strings.TrimPrefix(strings.TrimSpace(s), "@")
	user, domain, ok := strings.Cut(a, "@")
	switch {
	case !ok || user == "" || domain == "":
		return "", fmt.Errorf("account address %.80q is not user@domain", s)
	case !utf8.ValidString(a):
		return "", fmt.Errorf("account address %.80q is not valid UTF-8", s)
	case strings.ContainsAny(a, " \t\r\n,\"/?#\\<>") || strings.Contains(domain, "@"):
		return "", fmt.Errorf("account address %.80q has characters an address cannot have", s)
	case len(a) > 320:
		return "", fmt.Errorf("account address %.40q… is too long", s)
	}
	return user + "@" + strings.ToLower(domain), nil
}

// Dedupe drops repeated accounts (compared case-insensitively), keeping
// the first.
func Dedupe(ts []Target) []Target {
	seen := map[string]bool{}
	out := ts[:0]
	for _, t := range ts {
		k := normHandle(t.Handle)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}
