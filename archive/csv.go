package archive

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// scanCSV reads a Grailbird tweets.csv or data/csv/YYYY_MM.csv (docs
// §17.4). Columns are found by header name, so both the 9- and the
// 10-column layouts work; quoted fields may contain newlines.
func (a *Archive) scanCSV(src *tweetSource, emit func(*Tweet) error) error {
	rc, err := a.openData(src.name)
	if err != nil {
		return a.inArchive(src.name, err)
	}
	defer rc.Close()
	// Named like the JSON files' errors: the zip, then the member.
	return a.inArchive(src.name, readTweetCSV(src.name, rc, src.ctx, emit))
}

func readTweetCSV(name string, r io.Reader, c *tweetContext, emit func(*Tweet) error) error {
	// encoding/csv holds a whole record in memory, twice (the raw line
	// and the fields) with growth slack: cap a record, as the JSON files
	// are capped, but lower: a Grailbird CSV row is a few short fields.
	lr := &csvLimitReader{r: r, limit: csvSlack + maxCSVRecord}
	r = lr
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if errors.Is(err, errCSVRecordTooLarge) {
		return &RecordTooLargeError{File: name, Record: 0, Offset: 0, Limit: maxCSVRecord}
	}
	if err != nil {
		return fmt.Errorf("%s: header: %w", name, plainCSV(err))
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, req := range []string{"tweet_id", "timestamp", "text"} {
		if _, ok := col[req]; !ok {
			return fmt.Errorf("%s: header has no %q column (found %s)", name, req, truncate(strings.Join(header, ","), 120))
		}
	}
	for n := 1; ; n++ {
		start := cr.InputOffset()
		lr.limit = start + csvSlack + maxCSVRecord
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if errors.Is(err, errCSVRecordTooLarge) {
			return &RecordTooLargeError{File: name, Record: n, Offset: start, Limit: maxCSVRecord}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, plainCSV(err))
		}
		line, _ := cr.FieldPos(0)
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		t, err := c.csvTweet(get)
		if err != nil {
			return fmt.Errorf("%s: line %d: %w", name, line, err)
		}
		if err := emit(t); err != nil {
			return err
		}
	}
}

func (c *tweetContext) csvTweet(get func(string) string) (*Tweet, error) {
	t := &Tweet{Source: c.source, IDStr: get("tweet_id"), RawText: get("text")}
	id, err := strconv.ParseUint(t.IDStr, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("invalid tweet_id %q", truncate(t.IDStr, 30))
	}
	t.ID = id
	if id == 0 {
		return nil, errors.New("tweet_id 0 is not a real tweet id")
	}
	if t.CreatedAt, err = parseDate(get("timestamp")); err != nil {
		return nil, fmt.Errorf("tweet %s: %w", t.IDStr, err)
	}
	if t.CreatedAt.IsZero() {
		return nil, fmt.Errorf("tweet %s has no timestamp", t.IDStr)
	}
	if err := checkTweetDate(t.CreatedAt); err != nil {
		return nil, fmt.Errorf("tweet %s: %w", t.IDStr, err)
	}
	t.ReplyToID = get("in_reply_to_status_id")
	t.ReplyToUserID = get("in_reply_to_user_id")
	t.SelfReply = t.ReplyToUserID != "" && t.ReplyToUserID == c.accountID
	rtID, rtUser := get("retweeted_status_id"), get("retweeted_status_user_id")
	t.Retweet = rtID != "" || strings.HasPrefix(t.RawText, "RT @")
	if rtID != "" && rtUser != "" {
		// The CSV has the author's id, not the handle; this URL form works.
		t.RetweetOfURL = "https://twitter.com/i/web/status/" + rtID
	}
	if u := get("expanded_urls"); u != "" {
		for _, s := range strings.Split(u, ",") {
			if s = strings.TrimSpace(s); s != "" {
				t.URLs = append(t.URLs, s)
			}
		}
	}
	// The CSV has no entity indices: expand t.co links in order, and only
	// when their number matches the expanded list.
	text := t.RawText
	if links := tcoLinks(text); len(links) > 0 && len(links) == len(t.URLs) {
		var b strings.Builder
		pos := 0
		for i, l := range links {
			b.WriteString(text[pos:l[0]])
			b.WriteString(t.URLs[i])
			pos = l[1]
		}
		b.WriteString(text[pos:])
		text = b.String()
	}
	t.Text = unescapeHTML(text)
	if !t.Retweet {
		for i := len(t.URLs) - 1; i >= 0; i-- {
			if isStatusURL(t.URLs[i]) {
				t.QuoteURL = t.URLs[i]
				break
			}
		}
	}
	return t, nil
}

// tcoLinks returns the byte ranges of t.co links in s.
func tcoLinks(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "t.co/")
		if j < 0 {
			break
		}
		j += i
		start := -1
		for _, p := range []string{"https://", "http://"} {
			if j >= len(p) && s[j-len(p):j] == p {
				start = j - len(p)
			}
		}
		end := j + len("t.co/")
		for end < len(s) && (s[end] >= 'a' && s[end] <= 'z' || s[end] >= 'A' && s[end] <= 'Z' || s[end] >= '0' && s[end] <= '9') {
			end++
		}
		if start >= 0 && end > j+len("t.co/") {
			out = append(out, [2]int{start, end})
		}
		i = end
	}
	return out
}

// maxCSVRecord caps one CSV record (see readTweetCSV).
const maxCSVRecord = 1 << 20

// csvSlack is how far encoding/csv may read ahead of the record it
// returns (its buffered reader's size).
const csvSlack = 64 << 10

var errCSVRecordTooLarge = errors.New("CSV record over the size cap")

// csvLimitReader fails once more than limit bytes of the file were read:
// the loop moves limit to one record's cap past each record's start.
type csvLimitReader struct {
	r     io.Reader
	read  int64
	limit int64
}

func (l *csvLimitReader) Read(p []byte) (int, error) {
	if l.read >= l.limit {
		return 0, errCSVRecordTooLarge
	}
	if int64(len(p)) > l.limit-l.read {
		p = p[:l.limit-l.read]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// plainCSV words encoding/csv's parse errors and a damaged zip member's
// read errors without the library's wording, keeping the error for
// errors.Is and errors.As; others pass through unchanged.
func plainCSV(err error) error {
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		what := "invalid CSV"
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			what = `a quoted field is not closed, or has a stray " (is the file truncated?)`
		case errors.Is(pe.Err, csv.ErrBareQuote):
			what = `a " inside a field that is not quoted`
		}
		return &plainError{msg: fmt.Sprintf("line %d, column %d: %s", pe.Line, pe.Column, what), err: err}
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum):
		return &plainError{msg: "the zip is damaged here: download it again from Settings › Your account", err: err}
	}
	return err
}
