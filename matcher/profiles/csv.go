package profiles

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readProfilesCSV reads the CSV form of --profiles. The header must be
// exactly CSVHeader: the columns carry no type information, so a
// guessed mapping could silently put a bio in the URL column.
func readProfilesCSV(r io.Reader, name string, st *ReadStats, yield func(Profile, error) bool) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, with a better message
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		yield(Profile{}, CSVInputError(name, 1, err))
		return
	}
	got := strings.Join(header, ",")
	if got != CSVHeader {
		yield(Profile{}, inputErr(name, 1,
			"not a JSON lines file, and the CSV header %.80q is not %q", got, CSVHeader))
		return
	}
	cols := len(header)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			yield(Profile{}, CSVInputError(name, 0, err))
			return
		}
		line, _ := cr.FieldPos(0)
		st.Entries++
		if len(rec) != cols {
			yield(Profile{}, inputErr(name, line, "%d fields, want %d (%s)", len(rec), cols, CSVHeader))
			return
		}
		p := Profile{
			ID:          strings.TrimSpace(rec[0]),
			ScreenName:  strings.TrimPrefix(strings.TrimSpace(rec[1]), "@"),
			Name:        rec[2],
			Description: rec[3],
			Location:    rec[4],
			URL:         strings.TrimSpace(rec[5]),
			Source:      SourceFile,
		}
		if p.ID == "" && p.ScreenName == "" {
			yield(Profile{}, inputErr(name, line, "neither id nor screen_name is set"))
			return
		}
		if p.ID != "" && !ValidTwitterID(p.ID) {
			yield(Profile{}, inputErr(name, line, "id %.40q is not a numeric Twitter id", p.ID))
			return
		}
		if p.ScreenName != "" && !ValidScreenName(p.ScreenName) {
			yield(Profile{}, inputErr(name, line, "%.60q is not a valid Twitter screen name", p.ScreenName))
			return
		}
		if !yield(p, nil) {
			return
		}
	}
}

// CSVInputError turns encoding/csv's error into one naming our file, keeping the
// line csv found the problem on.
func CSVInputError(name string, line int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{File: name, Line: pe.Line, Err: fmt.Errorf("CSV: %w", pe.Err)}
	}
	return &InputError{File: name, Line: line, Err: err}
}
