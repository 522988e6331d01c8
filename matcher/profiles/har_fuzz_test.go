package profiles

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSession is planted in every request part of the template capture;
// it may appear in output only when the fuzzed response body holds it.
const fuzzSession = "SESSIONa1b2c3"

func harAround(body string, b64 bool) []byte {
	text, enc := body, ""
	if b64 {
		text, enc = base64.StdEncoding.EncodeToString([]byte(body)), `,"encoding":"base64"`
	}
	quoted, _ := json.Marshal(text)
	return []byte(`{"log":{"version":"1.2","entries":[{"_resourceType":"fetch","request":{"method":"GET",` +
		`"url":"https://x.com/i/api/graphql/q/Following?variables=` + fuzzSession + `",` +
		`"headers":[{"name":"authorization","value":"Bearer ` + fuzzSession + `"},{"name":"cookie","value":"auth_token=` + fuzzSession + `; ct0=` + fuzzSession + `"},{"name":"x-csrf-token","value":"` + fuzzSession + `"}],` +
		`"queryString":[{"name":"variables","value":"` + fuzzSession + `"}],"cookies":[{"name":"auth_token","value":"` + fuzzSession + `"}]},` +
		`"response":{"status":200,"headers":[{"name":"set-cookie","value":"ct0=` + fuzzSession + `"}],` +
		`"content":{"mimeType":"application/json","text":` + string(quoted) + enc + `}}}]}}`)
}

func FuzzReadHAR(f *testing.F) {
	// Small seeds: the golden captures are 20 KB, which makes every
	// mutation slow to run and to minimise.
	f.Add([]byte(`{"log":{"entries":[{"pageref":"p","request":{"method":"GET","url":"https://x.com/i/api/1.1/u.json?a=SESSION","headers":[{"name":"cookie","value":"ct0=SESSION"}]},"response":{"status":200,"content":{"mimeType":"application/json; charset=utf-8","text":"[{\"id_str\":\"5\",\"screen_name\":\"b\",\"description\":\"\"}]"}}},{"response":{"status":429,"content":{"mimeType":"application/json","text":"{\"errors\":[]}"}}},{"response":{"status":200,"content":{"mimeType":"application/json"}}},{"response":{"status":200,"content":{"mimeType":"text/html","text":"<p>"}}}]}}`), "", false)
	f.Add([]byte("{\n  \"log\": {\n    \"entries\": [\n      {\n        \"response\": {\n          \"content\": {\n            \"mimeType\": \"application/json\",\n            \"encoding\": \"base64\",\n            \"text\": \"eyJyZXN0X2lkIjoiMSIsImxlZ2FjeSI6eyJzY3JlZW5fbmFtZSI6ImEifX0=\"\n          }\n        }\n      }\n    ]\n  }\n}\n"), "", false)
	f.Add([]byte(nil), `{"data":{"user":{"result":{"__typename":"User","rest_id":"12","core":{"screen_name":"a","name":"A"},"location":{"location":"x"},"legacy":{"description":"é https://t.co/x","entities":{"description":{"urls":[{"url":"https://t.co/x","expanded_url":"https://m.s/@a","indices":[2,99]}]}}}}}}}`, false)
	f.Add([]byte(nil), `[{"id_str":"5","screen_name":"b","description":"","user":{"id_str":"6","screen_name":"c","description":"d"}}]`, true)
	f.Add([]byte(nil), `{"__typename":"Tweet","rest_id":"1","core":{"user_results":{"result":{"rest_id":"7","legacy":{"screen_name":"x\u00e9"}}}}}`, false)
	f.Add([]byte(`{"log":{"entries":[{"response":{"content":{"text":"\ud800\udc00{"}}}]}}`), "", false)
	f.Fuzz(func(t *testing.T, har []byte, body string, b64 bool) {
		template := len(har) == 0
		if template {
			har = harAround(body, b64)
		}
		ps, st, err := readHAR(t, har, "fuzz.har")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.har") {
				t.Fatalf("error does not name the file: %v", err)
			}
			if template && strings.Contains(err.Error(), fuzzSession) {
				t.Fatalf("session in the error: %v", err)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("error is not valid UTF-8: %q", err)
			}
			return
		}
		if st.Format != FormatHAR {
			return // JSON lines or CSV: FuzzReadProfiles' business
		}
		if template && !strings.Contains(body, fuzzSession) {
			out, _ := json.Marshal(ps)
			if bytes.Contains(out, []byte(fuzzSession)) || strings.Contains(st.Summary(), fuzzSession) {
				t.Fatalf("session leaked: %s / %s", out, st.Summary())
			}
		}
		if st.Profiles != len(ps) {
			t.Fatalf("stats %+v for %d profiles", st, len(ps))
		}
		seen := map[string]bool{}
		for _, p := range ps {
			if p.ID == "" && p.ScreenName == "" {
				t.Fatalf("profile without id or name: %+v", p)
			}
			if p.Source != SourceHAR && p.Source != SourceHARAuthor {
				t.Fatalf("source %q", p.Source)
			}
			key := p.ID + "@" + strings.ToLower(p.ScreenName)
			if p.ID != "" {
				key = p.ID
			}
			if seen[key] {
				t.Fatalf("account %s yielded twice", key)
			}
			seen[key] = true
			for _, s := range []string{p.ID, p.ScreenName, p.Name, p.Description, p.Location, p.URL, p.PinnedText} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %+v", p)
				}
			}
			for _, set := range []struct {
				text string
				es   []URLEntity
			}{{p.Description, p.DescriptionURLs}, {p.URL, p.URLURLs}, {p.PinnedText, p.PinnedURLs}} {
				n := utf8.RuneCountInString(set.text)
				for _, e := range set.es {
					if !utf8.ValidString(e.URL) || !utf8.ValidString(e.ExpandedURL) {
						t.Fatalf("invalid UTF-8 in %+v", e)
					}
					if e.Start == 0 && e.End == 0 {
						continue
					}
					if e.Start < 0 || e.End > n || e.Start >= e.End || string([]rune(set.text)[e.Start:e.End]) != e.URL {
						t.Fatalf("bad span kept: %+v in %q", e, set.text)
					}
				}
			}
		}
	})
}
