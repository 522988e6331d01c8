package profiles

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/golden"
)

// readHAR reads data as a --profiles file and returns the profiles, the
// stats and the error, whichever came.
func readHAR(t testing.TB, data []byte, name string) ([]Profile, ReadStats, error) {
	t.Helper()
	var st ReadStats
	var ps []Profile
	for p, err := range StreamWithStats(bytes.NewReader(data), name, &st) {
		if err != nil {
			return ps, st, err
		}
		ps = append(ps, p)
	}
	return ps, st, nil
}

// TestReadHARGolden reads hand-made captures in Chrome's layout (compact,
// _resourceType, _initiator) and Firefox's (pretty-printed, pageref,
// "application/json; charset=utf-8"), holding both user shapes, base64
// bodies, an evicted body, a 429, HTML, a v1.1 REST body, tweet authors and
// an API error. The golden file holds the profiles and the summary.
func TestReadHARGolden(t *testing.T) {
	for _, name := range []string{"chrome.har", "firefox.har"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "har", name))
			if err != nil {
				t.Fatal(err)
			}
			ps, st, err := readHAR(t, data, name)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			enc := json.NewEncoder(&out)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(ps); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&out, st.Summary())
			golden.Check(t, "har-"+strings.TrimSuffix(name, ".har")+".json", out.Bytes())
			if st.Format != FormatHAR || st.Profiles != len(ps) {
				t.Errorf("stats %+v for %d profiles", st, len(ps))
			}
		})
	}
}

// TestHARRecognisedByContent: a HAR is read as one whatever its name, and
// a JSON lines file whose first key is not "log" is still JSON lines.
func TestHARRecognisedByContent(t *testing.T) {
	data, err := os.ReadFile("testdata/har/firefox.har")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"following.json", data},
		{"bom.txt", append([]byte("\xef\xbb\xbf\n\n  "), data...)},
		{"spaced", []byte(`{` + strings.Repeat(" \n", 600) + `"log":{"entries":[]}}`)},
	} {
		_, st, err := readHAR(t, tc.data, tc.name)
		if err != nil || st.Format != FormatHAR {
			t.Errorf("%s: format %q, err %v", tc.name, st.Format, err)
		}
	}
	_, st, err := readHAR(t, []byte(`{"id_str":"1","screen_name":"log","description":"{\"log\":1}"}`+"\n"), "p.jsonl")
	if err != nil || st.Format != FormatJSONL || st.Profiles != 1 {
		t.Errorf("JSON lines: %+v, %v", st, err)
	}
}

func TestHARMalformed(t *testing.T) {
	good, err := os.ReadFile("testdata/har/chrome.har")
	if err != nil {
		t.Fatal(err)
	}
	third := bytes.Index(good, []byte(`"_initiator"`)) // inside the first entry
	for _, tc := range []struct {
		name, in, want string
	}{
		{"truncated in an entry", string(good[:third+40]), "log.entries[0]: the file ends in the middle"},
		{"truncated after entries", string(good[:len(good)-2]), "the file ends in the middle"},
		{"entry not an object", `{"log":{"entries":[{},"x"]}}`, "log.entries[1]: expected an entry object"},
		{"entries not an array", `{"log":{"entries":{}}}`, "log.entries: expected the entries array"},
		{"log not an object", `{"log":[]}`, "HAR log: expected the log object"},
		{"bad literal", `{"log":{"entries":[{"time":nope}]}}`, "log.entries[0]: invalid value at byte"},
		{"bad escape", `{"log":{"entries":[{"x":"\q"}]}}`, "log.entries[0]: invalid escape"},
		{"missing comma", `{"log":{"entries":[{"a":1 "b":2}]}}`, "expected ',' or '}'"},
		{"trailing data", `{"log":{"entries":[]}} {}`, "data after the end of the HAR"},
		{"deep", `{"log":{"entries":[{"x":` + strings.Repeat("[", 600) + `]}]}}`, "nested too deeply"},
	} {
		ps, _, err := readHAR(t, []byte(tc.in), "cap.har")
		var ie *InputError
		if !errors.As(err, &ie) || ie.File != "cap.har" {
			t.Errorf("%s: want an InputError for cap.har, got %v", tc.name, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "cap.har: ") ||
			!strings.Contains(err.Error(), "save the capture again") {
			t.Errorf("%s: error %q does not say %q", tc.name, err, tc.want)
		}
		if len(ps) != 0 {
			t.Errorf("%s: profiles yielded before the error: %d", tc.name, len(ps))
		}
	}
}

// TestHARNeverLeaksSession plants the session (cookies, bearer token,
// CSRF token, Set-Cookie, query strings, a secret in a non-user part of a
// body) in valid and broken captures, and requires it in no output.
func TestHARNeverLeaksSession(t *testing.T) {
	var inputs [][]byte
	for _, name := range []string{"chrome.har", "firefox.har"} {
		data, err := os.ReadFile(filepath.Join("testdata", "har", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte("PLANTED")) {
			t.Fatalf("%s has no planted secret", name)
		}
		inputs = append(inputs, data)
		// Every way of cutting it short, and a broken byte at each
		// place a secret sits.
		for i := 0; i < len(data); i += 2999 {
			inputs = append(inputs, data[:i])
		}
		seen := map[string]bool{}
		for off := 0; ; {
			j := bytes.Index(data[off:], []byte("PLANTED"))
			if j < 0 {
				break
			}
			off += j + 3
			kind := string(data[off+4 : off+10])
			if seen[kind] {
				continue // one of each kind is enough
			}
			seen[kind] = true
			// Cut short inside the secret, or broken right in it.
			broken := bytes.Clone(data)
			broken[off] = `"\\`[len(inputs)%2]
			inputs = append(inputs, data[:off], broken)
		}
	}
	inputs = append(inputs, []byte(`{"log":{"entries":[{"request":{"url":"https://x.com/i/api/graphql/q/Following?PLANTED=1","headers":[{"name":"cookie","value":"auth_token=PLANTED"}]},"response":{"status":200,"content":{"mimeType":"application/json","text":"{\"data\":{\"PLANTED\":1,\"user\":{\"result\":{\"__typename\":\"User\",\"rest_id\":\"PLANTED\",\"legacy\":{\"screen_name\":\"PLANTED!\"}}}}}"}}}]}}`))
	for i, in := range inputs {
		ps, st, err := readHAR(t, in, "cap.har")
		out, _ := json.Marshal(ps)
		for what, s := range map[string]string{"profiles": string(out), "summary": st.Summary(), "stats": fmt.Sprint(st)} {
			if strings.Contains(s, "PLANTED") {
				t.Fatalf("input %d: secret in %s: %s", i, what, s)
			}
		}
		if err != nil && strings.Contains(err.Error(), "PLANTED") {
			t.Fatalf("input %d: secret in error: %v", i, err)
		}
	}
}
