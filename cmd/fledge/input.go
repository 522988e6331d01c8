package main

import (
	"bufio"
	"io"
	"os"
	"time"
)

// readFile opens a file the user named and hands it to a reader that
// names the file (and line) in its errors.
func readFile[T any](name string, read func(io.Reader, string) (T, error)) (T, error) {
	fh, err := os.Open(name)
	if err != nil {
		var zero T
		return zero, err
	}
	defer fh.Close()
	return read(bufio.NewReader(fh), name)
}

// parseDateFlag reads a date flag (--since, --until): a calendar date,
// meaning midnight UTC, or an RFC 3339 time. Empty means unset.
func parseDateFlag(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usageErrorf("%s %q: want a date like 2020-01-31 or 2020-01-31T15:04:05Z", flag, v)
}
