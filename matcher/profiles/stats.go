package profiles

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Formats a --profiles file can have, as ReadStats.Format reports them.
const (
	FormatHAR   = "har"
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
)

// Reasons a HAR response body is skipped, the keys of ReadStats.Skipped.
// HTTP error statuses use "HTTP <code>". None of them carries anything read
// from the capture, so a summary can be printed or logged as it is.
const (
	SkipNoBody   = "no body (evicted by the browser)"
	SkipNotJSON  = "not JSON"
	SkipBase64   = "bad base64"
	SkipTooLarge = "too large"
	SkipAPIError = "API error"
	SkipEncoding = "unsupported encoding"
)

// ReadStats tells what reading one --profiles file found, so the command
// can report coverage and say why a capture gave less than expected.
// Every field is a count or a fixed label: nothing in it comes from the
// file's contents, which for a HAR include the person's session.
type ReadStats struct {
	File   string // the name given to the reader
	Format string // FormatHAR, FormatJSONL or FormatCSV

	// Entries counts HAR entries, or the records of a JSON lines or CSV
	// file. BodiesRead counts HAR response bodies that were read as JSON.
	Entries    int
	BodiesRead int

	// Skipped counts HAR response bodies that could hold profiles but were
	// not usable, by reason (the Skip* constants, or "HTTP 429" and such).
	Skipped map[string]int

	// Profiles counts the profiles yielded; Authors how many of them were
	// only seen as a tweet's author (Source SourceHARAuthor). Duplicates
	// counts accounts seen again and merged into one profile.
	Profiles   int
	Authors    int
	Duplicates int
}

func (s *ReadStats) skip(reason string) {
	if s.Skipped == nil {
		s.Skipped = map[string]int{}
	}
	s.Skipped[reason]++
}

// SkippedTotal is the number of bodies skipped for any reason.
func (s *ReadStats) SkippedTotal() int {
	n := 0
	for _, c := range s.Skipped {
		n += c
	}
	return n
}

// Summary renders the stats as one line for people, for example
//
//	following.har (HAR): 431 profiles (12 only as tweet authors, 40 duplicates) from 38 bodies in 412 entries; skipped 3 no body (evicted by the browser), 1 HTTP 429
func (s *ReadStats) Summary() string {
	var b strings.Builder
	b.WriteString(s.File)
	if s.Format != "" {
		fmt.Fprintf(&b, " (%s)", strings.ToUpper(s.Format))
	}
	fmt.Fprintf(&b, ": %s", plural(s.Profiles, "profile"))
	var notes []string
	if s.Authors > 0 {
		notes = append(notes, fmt.Sprintf("%d only as tweet authors", s.Authors))
	}
	if s.Duplicates > 0 {
		notes = append(notes, plural(s.Duplicates, "duplicate"))
	}
	if len(notes) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(notes, ", "))
	}
	switch s.Format {
	case FormatHAR:
		fmt.Fprintf(&b, " from %s in %s", plural(s.BodiesRead, "body"), plural(s.Entries, "entry"))
	case "":
	default:
		fmt.Fprintf(&b, " from %s", plural(s.Entries, "record"))
	}
	if len(s.Skipped) > 0 {
		type kv struct {
			k string
			n int
		}
		var all []kv
		for k, n := range s.Skipped {
			all = append(all, kv{k, n})
		}
		slices.SortFunc(all, func(a, b kv) int {
			return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.k, b.k))
		})
		parts := make([]string, len(all))
		for i, e := range all {
			parts[i] = fmt.Sprintf("%d %s", e.n, e.k)
		}
		fmt.Fprintf(&b, "; skipped %s", strings.Join(parts, ", "))
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}
