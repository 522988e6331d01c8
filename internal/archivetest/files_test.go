package archivetest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readAll loads a generated archive (zip or folder) into memory, keyed by
// slash path from the archive root, after removing one extra top folder.
func readAll(t testing.TB, path string, isZip bool) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	if isZip {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatalf("open zip: %v", err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("open %s: %v", f.Name, err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatalf("read %s: %v", f.Name, err)
			}
			files[f.Name] = b
		}
	} else {
		err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(path, p)
			files[filepath.ToSlash(rel)] = b
			return err
		})
		if err != nil {
			t.Fatalf("walk: %v", err)
		}
	}
	tops := map[string]bool{}
	for name := range files {
		top, _, _ := strings.Cut(name, "/")
		tops[top] = true
	}
	if len(tops) == 1 {
		for top := range tops {
			if strings.HasPrefix(top, "twitter-") {
				stripped := map[string][]byte{}
				for name, b := range files {
					stripped[strings.TrimPrefix(name, top+"/")] = b
				}
				return stripped
			}
		}
	}
	return files
}

var assignPrefix = regexp.MustCompile(`^\s*(window\.|var )?[A-Za-z_$][\w$.]*\s*$`)

// splitJS strips the JS assignment the way archive-format.md §3 recommends
// and returns the variable name and the decoded JSON (numbers as
// json.Number, so ids above 2^53 survive).
func splitJS(name string, b []byte) (string, any, error) {
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	eq := bytes.IndexByte(b, '=')
	if eq < 0 {
		return "", nil, fmt.Errorf("%s: no assignment", name)
	}
	lhs := string(b[:eq])
	if !assignPrefix.MatchString(lhs) {
		return "", nil, fmt.Errorf("%s: bad assignment %q", name, lhs)
	}
	body := bytes.TrimSpace(b[eq+1:])
	body = bytes.TrimSpace(bytes.TrimSuffix(body, []byte(";")))
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", nil, fmt.Errorf("%s: %w", name, err)
	}
	if dec.More() {
		return "", nil, fmt.Errorf("%s: data after the JSON value", name)
	}
	return strings.TrimSpace(lhs), v, nil
}

// str reads a JSON scalar the way a tolerant parser must: GDPR numbers are
// strings, Grailbird numbers are numbers.
func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func field(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func list(v any) []any {
	a, _ := v.([]any)
	return a
}

func readFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sprint(v any) string { return fmt.Sprintf("%+v", v) }
