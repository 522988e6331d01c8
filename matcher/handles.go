package matcher

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// maxHandlesLine bounds one line of a --handles file.
const maxHandlesLine = 64 << 10

// ReadHandles reads a --handles file: the Twitter accounts an organiser
// wants matched. Two forms are accepted, told apart by the first
// non-comment line:
//
//   - a plain list, one account a line: a screen name with or without "@",
//     a numeric id, or a twitter.com / x.com profile URL (including
//     intent/user?user_id=…). Bare digits are read as an id; write "@123"
//     for a screen name made of digits. Blank lines and "#" comments are
//     ignored.
//   - CSV whose header has a screen_name, username, id (or id_str, user_id,
//     twitter_id) column; other columns are ignored. A first line that is
//     just one of those column names also starts a CSV.
//
// Accounts are returned in file order without duplicates.
func ReadHandles(r io.Reader, name string) ([]profiles.AccountRef, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	lines := profiles.NewLineReader(br, maxHandlesLine)
	var (
		out  []profiles.AccountRef
		seen = map[string]bool{}
	)
	add := func(a profiles.AccountRef) {
		if k := a.Key(); !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	for {
		raw, n, err := lines.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, &profiles.InputError{File: name, Line: n, Err: err}
		}
		line := stripComment(string(raw))
		if line == "" {
			continue
		}
		if len(out) == 0 && looksLikeCSVHeader(line) {
			// A CSV file: hand the header line and the rest to the CSV reader.
			rest := io.MultiReader(strings.NewReader(string(raw)), br)
			return readHandlesCSV(rest, name, n, add, func() []profiles.AccountRef { return out })
		}
		a, err := parseAccount(line)
		if err != nil {
			return nil, &profiles.InputError{File: name, Line: n, Err: err}
		}
		add(a)
	}
}

// looksLikeCSVHeader reports whether the first entry of a file starts a
// CSV: it has several columns, or it is a lone known column name (so
// "screen_name" or "id" on the first line is a header, not an account).
func looksLikeCSVHeader(line string) bool {
	if strings.Contains(line, ",") {
		return true
	}
	l := strings.ToLower(line)
	for _, c := range append(handleIDColumns, handleNameColumns...) {
		if l == c {
			return true
		}
	}
	return false
}

func stripComment(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

var (
	handleIDColumns   = []string{"id", "id_str", "user_id", "twitter_id"}
	handleNameColumns = []string{"screen_name", "username"}
)

func readHandlesCSV(r io.Reader, name string, firstLine int, add func(profiles.AccountRef), result func() []profiles.AccountRef) ([]profiles.AccountRef, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, profiles.CSVInputError(name, firstLine, err)
	}
	idCol, nameCol := -1, -1
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for _, c := range handleIDColumns {
			if h == c && idCol < 0 {
				idCol = i
			}
		}
		for _, c := range handleNameColumns {
			if h == c && nameCol < 0 {
				nameCol = i
			}
		}
	}
	if idCol < 0 && nameCol < 0 {
		return nil, &profiles.InputError{File: name, Line: firstLine, Err: fmt.Errorf(
			"CSV header %.80q has no screen_name, username or id column", strings.Join(header, ","))}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return result(), nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &profiles.InputError{File: name, Line: pe.Line + firstLine - 1, Err: fmt.Errorf("CSV: %w", pe.Err)}
			}
			return nil, &profiles.InputError{File: name, Err: err}
		}
		line, _ := cr.FieldPos(0)
		line += firstLine - 1
		var a profiles.AccountRef
		if idCol >= 0 && idCol < len(rec) {
			if v := strings.TrimSpace(rec[idCol]); v != "" {
				if !profiles.ValidTwitterID(v) {
					return nil, &profiles.InputError{File: name, Line: line, Err: fmt.Errorf("id %.40q is not a numeric Twitter id", v)}
				}
				a.ID = v
			}
		}
		if nameCol >= 0 && nameCol < len(rec) {
			if v := strings.TrimSpace(rec[nameCol]); v != "" {
				parsed, err := parseAccount("@" + strings.TrimPrefix(v, "@"))
				if strings.Contains(v, "/") {
					parsed, err = parseAccount(v)
				}
				if err != nil {
					return nil, &profiles.InputError{File: name, Line: line, Err: err}
				}
				if a.ID == "" {
					a.ID = parsed.ID
				}
				a.ScreenName = parsed.ScreenName
			}
		}
		if a.ID == "" && a.ScreenName == "" {
			continue // a row for someone else's purpose, e.g. a blank id
		}
		add(a)
	}
}

// parseAccount reads one entry of a plain list.
func parseAccount(s string) (profiles.AccountRef, error) {
	switch {
	case strings.HasPrefix(s, "@"):
		n := s[1:]
		if !profiles.ValidScreenName(n) {
			return profiles.AccountRef{}, fmt.Errorf("%.60q is not a Twitter screen name", s)
		}
		return profiles.AccountRef{ScreenName: n}, nil
	case profiles.ValidTwitterID(s):
		return profiles.AccountRef{ID: s}, nil
	case profiles.ValidScreenName(s):
		return profiles.AccountRef{ScreenName: s}, nil
	case strings.Contains(s, "/"):
		return parseTwitterURL(s)
	}
	return profiles.AccountRef{}, fmt.Errorf("%.60q is not a Twitter screen name, id or profile URL", s)
}

// parseTwitterURL accepts twitter.com and x.com profile links, with or
// without scheme and "www."/"mobile.", and the intent/user?user_id= and
// i/user/<id> forms the archive itself writes.
func parseTwitterURL(s string) (profiles.AccountRef, error) {
	bad := fmt.Errorf("%.60q is not a Twitter or X profile URL", s)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return profiles.AccountRef{}, bad
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(strings.TrimPrefix(host, "www."), "mobile.")
	if host != "twitter.com" && host != "x.com" {
		return profiles.AccountRef{}, bad
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch {
	case len(parts) == 2 && parts[0] == "intent" && (parts[1] == "user" || parts[1] == "follow"):
		q := u.Query()
		if id := q.Get("user_id"); profiles.ValidTwitterID(id) {
			return profiles.AccountRef{ID: id}, nil
		}
		if n := q.Get("screen_name"); profiles.ValidScreenName(n) {
			return profiles.AccountRef{ScreenName: n}, nil
		}
	case len(parts) == 3 && parts[0] == "i" && parts[1] == "user" && profiles.ValidTwitterID(parts[2]):
		return profiles.AccountRef{ID: parts[2]}, nil
	case len(parts) >= 1 && profiles.ValidScreenName(parts[0]) && !reservedTwitterPath[strings.ToLower(parts[0])]:
		return profiles.AccountRef{ScreenName: parts[0]}, nil
	}
	return profiles.AccountRef{}, bad
}

// reservedTwitterPath are first path segments that are pages, not people.
var reservedTwitterPath = map[string]bool{
	"home": true, "explore": true, "search": true, "settings": true, "messages": true,
	"notifications": true, "i": true, "intent": true, "share": true, "hashtag": true,
	"login": true, "signup": true, "tos": true, "privacy": true,
}
