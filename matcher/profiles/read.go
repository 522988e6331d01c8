package profiles

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"iter"
)

// SourceFile is Profile.Source for profiles read with --profiles.
const SourceFile = "profiles-file"

// maxProfileLine bounds one JSONL record so a file without newlines cannot
// make us buffer it whole. A v1.1 user with its latest tweet is a few KB.
const maxProfileLine = 4 << 20

// CSVHeader is the one header the CSV form of --profiles accepts.
const CSVHeader = "id,screen_name,name,description,location,url"

// Read reads a --profiles file: profiles the user already has.
// name is used in error messages, which carry the line number (the entry
// index for a HAR).
//
// The form is detected from the content, never from the file name. A JSON
// object whose first member is "log" is a browser capture (HAR), read by
// readProfilesHAR: the Twitter users in its response bodies, one profile
// per account, with Source SourceHAR or SourceHARAuthor. Otherwise a '{'
// or '[' as first non-blank byte means JSON lines, one JSON value per
// line, each detected on its own:
//
//   - a v1.1 user object (id_str, screen_name, name, description,
//     location, url, entities.url.urls[] and entities.description.urls[]
//     with url/expanded_url/indices, and an optional "status": the pinned
//     or latest tweet, with text or full_text and entities.urls[]);
//   - a v2 user object (id, username, name, description, location, url,
//     entities with start/end spans, and an optional "pinned_tweet"
//     holding the tweet object);
//   - a whole v2 response {"data": [users], "includes": {"tweets": […]}},
//     where pinned_tweet_id is resolved from includes.tweets;
//   - an array of user objects (a saved users/lookup response).
//
// Example, one v1.1 and one v2 line:
//
//	{"id_str":"12","screen_name":"alice","description":"me: https://t.co/x","entities":{"description":{"urls":[{"url":"https://t.co/x","expanded_url":"https://mastodon.social/@alice","indices":[4,18]}]}}}
//	{"id":"13","username":"bob","description":"@bob@hachyderm.io","pinned_tweet":{"text":"moved!"}}
//
// Anything else is read as CSV, whose header must be exactly
// CSVHeader; fields may be quoted and span lines:
//
//	id,screen_name,name,description,location,url
//	14,carol,Carol,"toots at @carol@social.coop",Earth,https://carol.example
//
// Every record needs an id or a screen name. Entity spans that do not
// point at their t.co text are kept without indices (see
// SanitizeEntities).
func Read(r io.Reader, name string) ([]Profile, error) {
	var out []Profile
	for p, err := range Stream(r, name) {
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Stream is the streaming form of Read. It yields each profile as
// it is read; after yielding an error it stops.
func Stream(r io.Reader, name string) iter.Seq2[Profile, error] {
	return StreamWithStats(r, name, nil)
}

// StreamWithStats is Stream that also fills st (when not nil) with what
// the file held: its format, how many records or HAR entries were read,
// which HAR bodies were skipped and why, and duplicates. st is complete once
// the sequence ends. A HAR's profiles come once the whole capture is read,
// since a later sighting of an account may replace an earlier one.
func StreamWithStats(r io.Reader, name string, st *ReadStats) iter.Seq2[Profile, error] {
	return func(yield func(Profile, error) bool) {
		if st == nil {
			st = &ReadStats{}
		}
		st.File = name
		counted := func(p Profile, err error) bool {
			if err == nil {
				st.Profiles++
			}
			return yield(p, err)
		}
		br := bufio.NewReaderSize(r, 64<<10)
		first, err := firstByte(br)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				yield(Profile{}, &InputError{File: name, Err: err})
			}
			return
		}
		if first == '{' && isHAR(br) {
			readProfilesHAR(br, name, st, counted)
			return
		}
		if first == '{' || first == '[' {
			st.Format = FormatJSONL
			readProfilesJSONL(br, name, st, counted)
			return
		}
		st.Format = FormatCSV
		readProfilesCSV(br, name, st, counted)
	}
}

// firstByte peeks past a UTF-8 byte order mark and leading white space
// without consuming anything but the mark.
func firstByte(br *bufio.Reader) (byte, error) {
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			if err == nil || errors.Is(err, bufio.ErrBufferFull) {
				return 0, errors.New("leading white space too long")
			}
			return 0, err
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
		default:
			return c, nil
		}
	}
}

func readProfilesJSONL(br *bufio.Reader, name string, st *ReadStats, yield func(Profile, error) bool) {
	lines := NewLineReader(br, maxProfileLine)
	for {
		line, n, err := lines.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				yield(Profile{}, &InputError{File: name, Line: n, Err: err})
			}
			return
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		st.Entries++
		ps, err := DecodeTwitterJSON(line, SourceFile)
		if err != nil {
			yield(Profile{}, &InputError{File: name, Line: n, Err: err})
			return
		}
		for _, p := range ps {
			if !yield(p, nil) {
				return
			}
		}
	}
}
