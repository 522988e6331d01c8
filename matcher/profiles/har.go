package profiles

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Profile.Source for profiles read from a browser capture (HAR). A user
// seen in a list or a look-up (following, followers, list members,
// blocked, muted) is SourceHAR; one seen only as the author of a tweet in
// a timeline is SourceHARAuthor, since a capture holds many accounts the
// person does not follow. Without an archive, match only SourceHAR.
const (
	SourceHAR       = "har"
	SourceHARAuthor = "har-author"
)

// SkipBadUser counts user-shaped objects whose fields could not be read
// (a wrong type, an id that is not numeric); the rest of the body is used.
const SkipBadUser = "unreadable user object"

// maxHARBody caps one response body as the HAR stores it (base64 or not).
// x.com's largest pages are a few MB; a bigger body is skipped and counted
// rather than held in memory. A variable so tests can lower it.
var maxHARBody = 64 << 20

// isHAR reports whether the JSON object starting at the reader's position
// opens with a "log" member, as every HAR does (Chrome writes it compact,
// Firefox pretty-printed), whatever the file is called.
func isHAR(br *bufio.Reader) bool {
	for n := 512; ; n *= 4 {
		b, _ := br.Peek(n)
		i := bytes.IndexByte(b, '{')
		if i < 0 {
			return false
		}
		rest := bytes.TrimLeft(b[i+1:], " \t\r\n")
		if len(rest) >= len(`"log"`) {
			return bytes.HasPrefix(rest, []byte(`"log"`))
		}
		if len(b) < n || n >= br.Size() {
			return false
		}
	}
}

// harReader reads one HAR file. Its buffers are reused entry to entry, so
// memory follows the largest body and the number of accounts seen, not the
// file's size.
type harReader struct {
	s  harScanner
	st *ReadStats

	// The entry being read.
	status                            int
	hasText, over                     bool
	url, method, mime, enc, text, key []byte
	decoded                           []byte
	walker                            bodyWalker
	users                             []harUser
	seen                              map[string]int
}

// readProfilesHAR reads a browser capture: HTTP Archive 1.2, one JSON
// document {"log": {"entries": [{"request": …, "response": …}]}} that can
// be hundreds of MB. The outer document is scanned as a stream; each entry's
// response body is held alone, decoded (base64 too) and searched for users
// (bodyWalker), then dropped. Of the request only the URL's path and the
// method are looked at, to tell API calls from the rest: a capture holds
// the person's session (cookies, tokens, CSRF headers), so nothing else of
// a request, no response header and no query string is ever kept, and
// errors give only entry indices and byte offsets.
//
// A body that cannot be used (evicted, an error status, HTML, bad base64,
// too large, an API error) is counted in st.Skipped and the rest of the
// file is still read; only a file that is not a well-formed HAR fails.
func readProfilesHAR(br *bufio.Reader, name string, st *ReadStats, yield func(Profile, error) bool) {
	st.Format = FormatHAR
	r := &harReader{s: harScanner{br: br}, st: st, seen: map[string]int{}, key: make([]byte, 0, 256)}
	if err := r.read(); err != nil {
		var se *harSyntaxError
		if errors.Is(err, errHARTruncated) || errors.As(err, &se) {
			err = fmt.Errorf("%w; save the capture again (DevTools, Network, Save all as HAR) once the page has stopped loading", err)
		}
		yield(Profile{}, &InputError{File: name, Err: err})
		return
	}
	for _, u := range r.users {
		if u.author {
			st.Authors++
		}
		if !yield(u.p, nil) {
			return
		}
	}
}

func (r *harReader) read() error {
	if err := r.s.expect('{', "a JSON object"); err != nil {
		return fmt.Errorf("HAR: %w", err)
	}
	for first := true; ; first = false {
		name, ok, err := r.s.member(first, r.key[:0])
		if err != nil {
			return fmt.Errorf("HAR: %w", err)
		}
		if !ok {
			break
		}
		if string(name) != "log" {
			if err := r.s.skip(0); err != nil {
				return fmt.Errorf("HAR: %w", err)
			}
			continue
		}
		if err := r.readLog(); err != nil {
			return err
		}
	}
	if _, err := r.s.peek(); err == nil {
		return fmt.Errorf("HAR: %w", r.s.errAt("data after the end of the HAR"))
	} else if !errors.Is(err, errHARTruncated) {
		return fmt.Errorf("HAR: %w", err)
	}
	return nil
}

func (r *harReader) readLog() error {
	if err := r.s.expect('{', "the log object"); err != nil {
		return fmt.Errorf("HAR log: %w", err)
	}
	for first := true; ; first = false {
		name, ok, err := r.s.member(first, r.key[:0])
		if err != nil {
			return fmt.Errorf("HAR log: %w", err)
		}
		if !ok {
			return nil
		}
		if string(name) != "entries" {
			if err := r.s.skip(0); err != nil {
				return fmt.Errorf("HAR log: %w", err)
			}
			continue
		}
		if err := r.s.expect('[', "the entries array"); err != nil {
			return fmt.Errorf("HAR log.entries: %w", err)
		}
		for i := 0; ; i++ {
			more, err := r.s.element(i == 0)
			if err != nil {
				return fmt.Errorf("HAR log.entries[%d]: %w", i, err)
			}
			if !more {
				break
			}
			if err := r.readEntry(); err != nil {
				return fmt.Errorf("HAR log.entries[%d]: %w", i, err)
			}
			r.st.Entries++
			r.useBody()
		}
	}
}

// members calls fn with each member name of the object at the reader's
// position; fn must read the member's value. A value that is not an
// object is skipped: an odd entry part is not worth failing the file for.
func (r *harReader) members(fn func(name string) error) error {
	c, err := r.s.peek()
	if err != nil {
		return err
	}
	if c != '{' {
		return r.s.skip(0)
	}
	r.s.discard(1)
	for first := true; ; first = false {
		name, ok, err := r.s.member(first, r.key[:0])
		if err != nil || !ok {
			return err
		}
		// Only the few names we look at are compared; no copy is kept.
		if err := fn(string(name)); err != nil {
			return err
		}
	}
}

// readEntry reads one entry: the request's URL (for its path only) and the
// response's status and content. Headers, cookies, query strings and
// post data are skipped unread.
func (r *harReader) readEntry() error {
	r.status, r.hasText, r.over = 0, false, false
	r.url, r.method, r.mime, r.enc, r.text = r.url[:0], r.method[:0], r.mime[:0], r.enc[:0], r.text[:0]
	c, err := r.s.peek()
	if err != nil {
		return err
	}
	if c != '{' {
		return r.s.errAt("expected an entry object")
	}
	return r.members(func(name string) error {
		switch name {
		case "request":
			return r.members(func(name string) error {
				var err error
				switch name {
				case "url":
					r.url, _, _, err = r.s.stringValue(r.url[:0], 4096)
					return err
				case "method":
					r.method, _, _, err = r.s.stringValue(r.method[:0], 16)
					return err
				}
				return r.s.skip(0)
			})
		case "response":
			return r.members(r.response)
		}
		return r.s.skip(0)
	})
}

func (r *harReader) response(name string) error {
	switch name {
	case "status":
		c, err := r.s.peek()
		if err != nil {
			return err
		}
		if c < '0' || c > '9' {
			return r.s.skip(0)
		}
		lit, err := r.s.literal()
		if err != nil {
			return err
		}
		r.status, _ = strconv.Atoi(string(lit))
		return nil
	case "content":
		return r.members(func(name string) error {
			var err error
			switch name {
			case "mimeType":
				r.mime, _, _, err = r.s.stringValue(r.mime[:0], 256)
			case "encoding":
				r.enc, _, _, err = r.s.stringValue(r.enc[:0], 64)
			case "text":
				if len(r.mime) > 0 && !r.mayHoldProfiles() {
					// An image, script or page: read past it without a copy.
					r.hasText = true
					return r.s.skip(0)
				}
				r.text, r.hasText, r.over, err = r.s.stringValue(r.text[:0], maxHARBody)
			default:
				err = r.s.skip(0)
			}
			return err
		})
	}
	return r.s.skip(0)
}

// useBody reads the users out of the entry's response body, or counts why
// it could not. Only bodies that could hold profiles are counted: JSON
// ones and any from an API path; images, scripts and pages are ignored.
func (r *harReader) useBody() {
	if !r.mayHoldProfiles() {
		return
	}
	api, isJSON := isAPIPath(r.url), isJSONType(r.mime)
	if !api && !isJSON && !r.hasText || r.status == 204 {
		return // a typeless entry without a body: a redirect, a ping
	}
	// Why a body was unusable is told for the requests that fetch
	// profiles; a preflight (OPTIONS) or a POST (a client event, an
	// action) without a usable body is not a gap in the capture.
	get := len(r.method) == 0 || string(r.method) == "GET"
	skip := func(reason string) {
		if get {
			r.st.skip(reason)
		}
	}
	switch {
	case r.status != 0 && (r.status < 200 || r.status > 299):
		skip("HTTP " + strconv.Itoa(r.status))
		return
	case r.over:
		skip(SkipTooLarge)
		return
	case !r.hasText || len(r.text) == 0:
		skip(SkipNoBody)
		return
	}
	body := r.text
	switch string(r.enc) {
	case "":
	case "base64":
		var err error
		if body, err = r.unbase64(); err != nil {
			skip(SkipBase64)
			return
		}
	default:
		skip(SkipEncoding)
		return
	}
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' && trimmed[0] != '[' {
		if api || isJSON {
			skip(SkipNotJSON)
		}
		return
	}
	w := &r.walker
	w.found, w.bad = w.found[:0], 0
	apiErrors, err := w.walk(body)
	if err != nil {
		skip(SkipNotJSON)
		return
	}
	r.st.BodiesRead++
	if apiErrors && len(w.found) == 0 {
		skip(SkipAPIError)
	}
	for range w.bad {
		skip(SkipBadUser)
	}
	for _, u := range w.found {
		r.add(u)
	}
}

// mayHoldProfiles tells the entries whose bodies are read: JSON ones,
// any from an API path, and any without a type (read if they look like
// JSON). The others (images, scripts, pages) are ignored, not counted.
func (r *harReader) mayHoldProfiles() bool {
	return len(r.mime) == 0 || isJSONType(r.mime) || isAPIPath(r.url)
}

func isJSONType(v []byte) bool {
	mime := mediaType(v)
	return mime == "application/json" || mime == "text/json" || strings.HasSuffix(mime, "+json")
}

func (r *harReader) unbase64() ([]byte, error) {
	n := base64.StdEncoding.DecodedLen(len(r.text))
	if cap(r.decoded) < n {
		r.decoded = make([]byte, n)
	}
	n, err := base64.StdEncoding.Decode(r.decoded[:n], r.text)
	if err != nil {
		// Some tools write base64 without padding.
		n, err = base64.RawStdEncoding.Decode(r.decoded[:cap(r.decoded)], r.text)
	}
	return r.decoded[:n], err
}

// add keeps one profile per account: a list or look-up user over a tweet
// author, then the one with more filled in, then the first.
func (r *harReader) add(u harUser) {
	key := u.p.ID
	if key == "" {
		key = "@" + strings.ToLower(u.p.ScreenName)
	}
	i, ok := r.seen[key]
	if !ok {
		r.seen[key] = len(r.users)
		r.users = append(r.users, u)
		return
	}
	r.st.Duplicates++
	old := &r.users[i]
	if old.author != u.author {
		if old.author {
			*old = u
		}
		return
	}
	if richness(&u.p) > richness(&old.p) {
		*old = u
	}
}

func richness(p *Profile) int {
	n := len(p.DescriptionURLs) + len(p.URLURLs)
	for _, s := range []string{p.ScreenName, p.Name, p.Description, p.Location, p.URL} {
		if s != "" {
			n++
		}
	}
	return n
}

// mediaType is the lower-cased type of a Content-Type value, without
// parameters ("application/json; charset=utf-8" → "application/json").
func mediaType(v []byte) string {
	if i := bytes.IndexByte(v, ';'); i >= 0 {
		v = v[:i]
	}
	return strings.ToLower(string(bytes.TrimSpace(v)))
}

// isAPIPath reports whether a request URL is an x.com/twitter.com API
// call (GraphQL or v1.1 REST), looking at its path only.
func isAPIPath(url []byte) bool {
	if i := bytes.Index(url, []byte("://")); i >= 0 {
		url = url[i+3:]
		if j := bytes.IndexByte(url, '/'); j >= 0 {
			url = url[j:]
		} else {
			return false
		}
	}
	if i := bytes.IndexAny(url, "?#"); i >= 0 {
		url = url[:i]
	}
	return bytes.Contains(url, []byte("/graphql/")) || bytes.Contains(url, []byte("/1.1/")) ||
		bytes.HasPrefix(url, []byte("/i/api/"))
}
