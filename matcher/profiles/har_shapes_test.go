package profiles

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// harEntry builds one entry; text "-" leaves the body out (evicted).
func harEntry(method, url string, status int, mime, text, encoding string) string {
	content := fmt.Sprintf(`{"size":%d,"mimeType":%q`, len(text), mime)
	if text != "-" {
		q, _ := json.Marshal(text)
		content += `,"text":` + string(q)
	}
	if encoding != "" {
		content += fmt.Sprintf(`,"encoding":%q`, encoding)
	}
	return fmt.Sprintf(`{"request":{"method":%q,"url":%q,"headers":[]},"response":{"status":%d,"headers":[],"content":%s}}`,
		method, url, status, content+"}")
}

func harOf(entries ...string) []byte {
	return []byte(`{"log":{"version":"1.2","entries":[` + strings.Join(entries, ",") + `]}}`)
}

const gqlURL = "https://x.com/i/api/graphql/abc/Following?variables=%7B%7D"

// api is a GraphQL entry with a JSON body.
func api(body string) string { return harEntry("GET", gqlURL, 200, "application/json", body, "") }

// summary lists profiles as id:screen_name:source.
func summarise(ps []Profile) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID+":"+p.ScreenName+":"+p.Source)
	}
	return out
}

func TestHARUserShapes(t *testing.T) {
	user := func(id, sn string) string {
		return `{"__typename":"User","rest_id":"` + id + `","legacy":{"screen_name":"` + sn + `","name":"N","description":"bio"}}`
	}
	tweet := func(id, author string) string {
		return `{"__typename":"Tweet","rest_id":"` + id + `","core":{"user_results":{"result":` + author + `}},"legacy":{"full_text":"hi @m","entities":{"user_mentions":[{"id_str":"99","screen_name":"m","name":"M","indices":[3,5]}]}}}`
	}
	for _, tc := range []struct {
		name    string
		entries []string
		want    []string
		skipped map[string]int
	}{
		{"typename-less user", []string{api(`{"data":{"x":[{"rest_id":"1","legacy":{"screen_name":"a"}}]}}`)}, []string{"1:a:har"}, nil},
		{"id from the GraphQL node id", []string{api(`{"u":{"__typename":"User","id":"VXNlcjoxOQ==","core":{"screen_name":"s19"}},"v":{"__typename":"User","id":"VXNlcjp4","core":{"screen_name":"s20"}}}`)}, []string{"19:s19:har", ":s20:har"}, nil},
		{"2025 shape", []string{api(`{"data":{"user":{"result":{"__typename":"User","rest_id":"2","core":{"screen_name":"b","name":"Bee"},"location":{"location":"Oslo"},"legacy":{"location":"old","description":"d"}}}}}`)}, []string{"2:b:har"}, nil},
		{"tweet author by path, tweet without typename", []string{api(`{"rest_id":"9","core":{"user_results":{"result":` + user("3", "c") + `}},"legacy":{"full_text":"x","entities":{"user_mentions":[{"id_str":"98","screen_name":"z","name":"Z","indices":[0,2]}]}}}`)}, []string{"3:c:har-author"}, nil},
		{"retweet and quote authors", []string{api(`{"t":{"__typename":"Tweet","rest_id":"10","core":{"user_results":{"result":` + user("4", "d") + `}},"legacy":{"retweeted_status_result":{"result":` + tweet("11", user("5", "e")) + `}},"quoted_status_result":{"result":` + tweet("12", user("18", "qq")) + `}}}`)}, []string{"18:qq:har-author", "4:d:har-author", "5:e:har-author"}, nil},
		{"list form wins over an earlier author", []string{api(`{"t":` + tweet("10", user("6", "f")) + `}`), api(`{"u":` + user("6", "f") + `}`)}, []string{"6:f:har"}, nil},
		{"author does not replace a list user", []string{api(`{"u":` + user("6", "f") + `}`), api(`{"t":` + tweet("10", user("6", "f")) + `}`)}, []string{"6:f:har"}, nil},
		{"v1.1 list and tweet author", []string{harEntry("GET", "https://x.com/i/api/1.1/friends/list.json?cursor=-1", 200, "application/json",
			`{"users":[{"id_str":"7","screen_name":"g","description":""}],"statuses":[{"id_str":"1","text":"t","user":{"id_str":"8","screen_name":"h","description":"x"}}]}`, "")}, []string{"7:g:har", "8:h:har-author"}, nil},
		{"not users", []string{api(`{"a":{"__typename":"UserUnavailable","rest_id":"1","legacy":{}},"b":{"id_str":"1","screen_name":"m","description":"x","indices":[0,1]},"c":{"__typename":"User","timeline":{}}}`)}, nil, nil},
		{"escaped names and text", []string{api(`{"r":{"\u0072est_id":"12","__typename":"User","legacy":{"screen_name":"q","description":"caf\u00e9 \ud83d\udc26"}}}`)}, []string{"12:q:har"}, nil},
		{"unreadable user among good ones", []string{api(`[` + user("x1", "bad") + `,{"__typename":"User","rest_id":"13","legacy":{"screen_name":1}},` + user("14", "ok") + `]`)}, []string{"14:ok:har"}, map[string]int{SkipBadUser: 2}},
		{"skips", []string{
			harEntry("GET", gqlURL, 200, "application/json", "-", ""),
			harEntry("GET", gqlURL, 429, "application/json", `{"errors":[{"code":88}]}`, ""),
			harEntry("GET", gqlURL, 200, "application/json", `{"errors":[{"code":37}]}`, ""),
			harEntry("GET", gqlURL, 200, "text/html", `<html>`, ""),
			harEntry("GET", gqlURL, 200, "application/json", `{"a":1} x`, ""),
			harEntry("GET", gqlURL, 200, "application/json", `!!!`, "base64"),
			harEntry("GET", gqlURL, 200, "application/json", `x`, "gzip"),
			harEntry("OPTIONS", gqlURL, 200, "", "-", ""),
			harEntry("POST", "https://x.com/i/api/1.1/jot/client_event.json", 200, "application/json", "-", ""),
			harEntry("GET", gqlURL, 204, "", "-", ""),
			harEntry("GET", "https://x.com/home", 200, "text/html", "<html>", ""),
			harEntry("GET", "https://pbs.twimg.com/a.jpg", 200, "image/jpeg", "/9j/", "base64"),
			harEntry("GET", "https://x.com/i/api/graphql/abc/Followers", 200, "application/json", base64.StdEncoding.EncodeToString([]byte(user("16", "p"))), "base64"),
			harEntry("GET", "https://x.com/i/api/graphql/abc/Followers", 200, "application/json", base64.RawStdEncoding.EncodeToString([]byte(user("17", "q"))), "base64"),
		}, []string{"16:p:har", "17:q:har"}, map[string]int{SkipNoBody: 1, "HTTP 429": 1, SkipAPIError: 1, SkipNotJSON: 2, SkipBase64: 1, SkipEncoding: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, st, err := readHAR(t, harOf(tc.entries...), "t.har")
			if err != nil {
				t.Fatal(err)
			}
			if got := summarise(ps); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("profiles %v, want %v", got, tc.want)
			}
			if !reflect.DeepEqual(st.Skipped, tc.skipped) {
				t.Errorf("skipped %v, want %v", st.Skipped, tc.skipped)
			}
			if st.Entries != len(tc.entries) {
				t.Errorf("%d entries counted, want %d", st.Entries, len(tc.entries))
			}
		})
	}
}

func TestHARTwoShapesMapTheSame(t *testing.T) {
	ents := `"entities":{"description":{"urls":[{"url":"https://t.co/abc","expanded_url":"https://mastodon.social/@a","display_url":"mastodon.social/@a","indices":[4,20]}]},"url":{"urls":[{"url":"https://t.co/u","expanded_url":"https://a.example","indices":[0,14]}]}}`
	older := `{"__typename":"User","rest_id":"20","legacy":{"screen_name":"a","name":"A","location":"Rome","description":"bio https://t.co/abc","url":"https://t.co/u",` + ents + `}}`
	newer := `{"__typename":"User","rest_id":"20","core":{"screen_name":"a","name":"A"},"location":{"location":"Rome"},"legacy":{"description":"bio https://t.co/abc","url":"https://t.co/u",` + ents + `}}`
	v1 := `{"id_str":"20","screen_name":"a","name":"A","location":"Rome","description":"bio https://t.co/abc","url":"https://t.co/u",` + ents + `}`
	want, err := DecodeTwitterJSON([]byte(v1), SourceHAR)
	if err != nil {
		t.Fatal(err)
	}
	if len(want[0].DescriptionURLs) != 1 || want[0].DescriptionURLs[0].End != 20 || want[0].URLURLs[0].End != 14 {
		t.Fatalf("v1.1 mapping changed: %+v", want[0])
	}
	for _, body := range []string{older, newer} {
		ps, _, err := readHAR(t, harOf(api(body)), "t.har")
		if err != nil || len(ps) != 1 {
			t.Fatalf("%v %v", ps, err)
		}
		if !reflect.DeepEqual(ps[0], want[0]) {
			t.Errorf("got  %+v\nwant %+v", ps[0], want[0])
		}
	}
}

func TestHARRicherProfileKept(t *testing.T) {
	poor := `{"__typename":"User","rest_id":"30","legacy":{"screen_name":"r"}}`
	rich := `{"__typename":"User","rest_id":"30","legacy":{"screen_name":"r","name":"R","description":"@r@m.s"}}`
	for _, order := range [][]string{{poor, rich}, {rich, poor}} {
		ps, st, err := readHAR(t, harOf(api(order[0]), api(order[1])), "t.har")
		if err != nil || len(ps) != 1 || ps[0].Description != "@r@m.s" || st.Duplicates != 1 {
			t.Errorf("%v %+v %v", ps, st, err)
		}
	}
}

func TestHARTooLargeBodySkipped(t *testing.T) {
	defer func(n int) { maxHARBody = n }(maxHARBody)
	maxHARBody = 100
	big := `{"u":{"__typename":"User","rest_id":"40","legacy":{"screen_name":"big","description":"` + strings.Repeat("x", 200) + `"}}}`
	ps, st, err := readHAR(t, harOf(api(big), api(`{"__typename":"User","rest_id":"41","legacy":{"screen_name":"s"}}`)), "t.har")
	if err != nil {
		t.Fatal(err)
	}
	if got := summarise(ps); !reflect.DeepEqual(got, []string{"41:s:har"}) || st.Skipped[SkipTooLarge] != 1 {
		t.Errorf("%v %v", got, st.Skipped)
	}
}

// TestHARNestingStaysLinear: values under legacy and core are captured and
// walked again once a parent proves not to be a user; nesting them deep
// must not make that quadratic.
func TestHARNestingStaysLinear(t *testing.T) {
	for _, inner := range []string{`{"legacy":`, `{"__typename":"Tweet","core":`, `{"rest_id":"1","location":`} {
		deep := []byte(strings.Repeat(inner, 1000) + `{}` + strings.Repeat(`}`, 1000))
		var w bodyWalker
		if _, err := w.walk(deep); err != nil {
			t.Fatal(err)
		}
		if w.rewalked > 16*len(deep) { // a pass per level up to maxRewalks
			t.Errorf("%s…: %d bytes walked again for a %d-byte body", inner, w.rewalked, len(deep))
		}
	}
}
