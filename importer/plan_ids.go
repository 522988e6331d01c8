package importer

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// maxIDLine bounds one line of an id list.
const maxIDLine = 64 << 10

// ReadIDList reads an --ids or --exclude-ids file: one tweet per line,
// as an id or a tweet URL (…/status/<id>). Blank lines and lines starting
// with # are ignored. name is used in errors, which give the line.
func ReadIDList(r io.Reader, name string) (map[string]bool, error) {
	ids := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxIDLine)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if line == 1 {
			s = strings.TrimPrefix(s, "\uFEFF")
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		id := idFromLine(s)
		if !isTweetID(id) {
			return nil, fmt.Errorf("%s:%d: %q is neither a tweet id nor a tweet URL", name, line, clip(s, 60))
		}
		ids[id] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return ids, nil
}

// idFromLine takes the id out of a tweet URL, or returns s.
func idFromLine(s string) string {
	if id, ok := statusIDFromURL(s); ok {
		return id
	}
	return s
}

// statusIDFromURL extracts <id> from https://twitter.com/<user>/status/<id>
// (or x.com, mobile., /i/web/status/, with ?query or #fragment).
func statusIDFromURL(u string) (string, bool) {
	i := strings.Index(u, "/status/")
	if i < 0 || !strings.Contains(strings.ToLower(u[:i]), "twitter.com") && !strings.Contains(strings.ToLower(u[:i]), "x.com") {
		return "", false
	}
	rest := u[i+len("/status/"):]
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	if end == 0 || end > 20 {
		return "", false
	}
	return rest[:end], true
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
