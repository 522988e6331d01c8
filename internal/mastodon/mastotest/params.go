package mastotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const maxFormBytes = 1 << 20

// params merges query, form, JSON and multipart fields the way Rails does,
// with "key[]" folded into "key" and nested JSON objects flattened to
// "key[sub]".
type params struct {
	v    url.Values
	file *upload
}

// upload is a received file. Only its first bytes are kept; the size is
// counted up to the server's largest limit plus one.
type upload struct {
	name        string
	contentType string
	size        int64
	head        []byte
}

func (p *params) get(k string) string { return p.v.Get(k) }
func (p *params) has(k string) bool   { return p.v.Has(k) }
func (p *params) all(k string) []string {
	var out []string
	for _, v := range p.v[k] {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// boolean reads a Rails-style boolean; def when absent or blank.
func (p *params) boolean(k string, def bool) bool {
	switch strings.ToLower(p.get(k)) {
	case "":
		return def
	case "0", "f", "false", "off", "no":
		return false
	default:
		return true
	}
}

func normKey(k string) string { return strings.TrimSuffix(k, "[]") }

func addValues(dst url.Values, src url.Values) {
	for k, vs := range src {
		dst[normKey(k)] = append(dst[normKey(k)], vs...)
	}
}

func parseParams(r *http.Request, maxFile int64) (*params, error) {
	p := &params{v: url.Values{}}
	addValues(p.v, r.URL.Query())
	if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return p, nil
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return p, nil
	}
	mt, mp, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, fmt.Errorf("invalid Content-Type %q: %w", ct, err)
	}
	switch mt {
	case "application/json":
		return p, parseJSONBody(p, io.LimitReader(r.Body, maxFormBytes))
	case "application/x-www-form-urlencoded":
		b, err := io.ReadAll(io.LimitReader(r.Body, maxFormBytes))
		if err != nil {
			return nil, fmt.Errorf("reading form body: %w", err)
		}
		vs, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", errParseParams, err)
		}
		addValues(p.v, vs)
	case "multipart/form-data":
		if mp["boundary"] == "" {
			return nil, errors.New("multipart body without boundary")
		}
		return p, parseMultipart(p, r, maxFile)
	}
	return p, nil
}

// errParseParams is Mastodon's own wording for a body it cannot parse; the
// fake answers with it so clients see what a real server says.
const errParseParams = "Error occurred while parsing request parameters"

func parseJSONBody(p *params, r io.Reader) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var body any
	if err := dec.Decode(&body); err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		return fmt.Errorf("%s: %w", errParseParams, err)
	}
	obj, ok := body.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: body is not a JSON object", errParseParams)
	}
	for k, v := range obj {
		flatten(p.v, normKey(k), v, 0)
	}
	return nil
}

// flatten stores JSON values as form strings; depth guards against
// pathological nesting.
func flatten(dst url.Values, key string, v any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case nil:
		dst[key] = append(dst[key], "")
	case string:
		dst.Add(key, x)
	case json.Number:
		dst.Add(key, x.String())
	case bool:
		dst.Add(key, strconv.FormatBool(x))
	case []any:
		if len(x) == 0 {
			dst[key] = append(dst[key], "")
		}
		for _, e := range x {
			flatten(dst, key, e, depth+1)
		}
	case map[string]any:
		for k, e := range x {
			flatten(dst, key+"["+normKey(k)+"]", e, depth+1)
		}
	}
}

func parseMultipart(p *params, r *http.Request, maxFile int64) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return fmt.Errorf("reading multipart body: %w", err)
	}
	fields := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading multipart body: %w", err)
		}
		fields++
		if fields > 1000 {
			return errors.New("multipart body has too many parts")
		}
		name := part.FormName()
		if part.FileName() != "" || name == "file" {
			if name != "file" {
				_, _ = io.Copy(io.Discard, io.LimitReader(part, maxFile))
				continue
			}
			up, err := readUpload(part, maxFile)
			if err != nil {
				return err
			}
			p.file = up
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFormBytes))
		if err != nil {
			return fmt.Errorf("reading multipart field %q: %w", name, err)
		}
		p.v.Add(normKey(name), string(b))
	}
}

func readUpload(part *multipart.Part, maxFile int64) (*upload, error) {
	up := &upload{name: part.FileName(), contentType: part.Header.Get("Content-Type")}
	var head bytes.Buffer
	n, err := io.Copy(&head, io.LimitReader(part, 512))
	if err != nil {
		return nil, fmt.Errorf("reading uploaded file %q: %w", up.name, err)
	}
	rest, err := io.Copy(io.Discard, io.LimitReader(part, maxFile-n))
	if err != nil {
		return nil, fmt.Errorf("reading uploaded file %q: %w", up.name, err)
	}
	up.head, up.size = head.Bytes(), n+rest
	return up, nil
}
