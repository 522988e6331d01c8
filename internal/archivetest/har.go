package archivetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
)

// FollowingHAR returns a browser capture (HTTP Archive 1.2, as Chrome's
// "Save all as HAR with content" writes it) of the archive owner's x.com
// following page, for the archive Write makes from the same Options: the
// owner's own profile (its website expanding the archive's t.co link) and
// a profile for every followed account, in pages of 20. The profiles name
// fediverse homes in every way the matcher reads them, or none; one
// account is seen twice (a hover card), one response the browser did not
// keep (no body), and the requests carry session headers and cookies
// whose values are plainly fake, the way a real capture carries real ones.
// The sample archive's capture ships as archive/testdata/sample-following.har.
func FollowingHAR(o Options) ([]byte, error) {
	c, err := resolve(o)
	if err != nil {
		return nil, err
	}
	g := newGen(c)
	people := followingProfiles(c.Seed, followingIDs(c))
	at := g.sp.generated.Add(26 * time.Hour)
	h := harBuilder{at: at, owner: g.acct.username}

	h.add("GET", "https://x.com/"+g.acct.username+"/following", "text/html; charset=utf-8",
		`<!DOCTYPE html><html dir="ltr" lang="en"><head><title>X</title></head><body></body></html>`)
	owner := g.ownerPerson()
	h.api("UserByScreenName", map[string]any{"data": map[string]any{"user": map[string]any{"result": owner.json(true)}}})
	h.add("GET", "https://pbs.twimg.com/profile_images/"+g.acct.id+"/avatar_normal.jpg", "image/jpeg", "")
	// The first page, loaded twice: the browser kept only the second body.
	h.add("GET", h.apiURL("Following"), "application/json", "")
	const page = 20
	for from := 0; from < len(people); from += page {
		h.api("Following", timelinePage(people[from:min(from+page, len(people))], from/page))
	}
	if len(people) > 0 {
		// A hover card over one account: the same profile again.
		p := people[len(people)/2]
		h.api("UserByRestId", map[string]any{"data": map[string]any{"user": map[string]any{"result": p.json(true)}}})
	}
	return h.encode()
}

// ownerPerson is the owner's x.com profile: the archive's bio, place and
// t.co website, with where that link leads.
func (g *gen) ownerPerson() harPerson {
	_, _, _, website := g.ownerMedia()
	return harPerson{id: g.acct.id, screen: g.acct.username, name: g.acct.display, bio: g.acct.bio,
		location: g.acct.location, followers: 85, created: rubyDate(g.acct.createdMs),
		website: &harURL{URL: website, ExpandedURL: "https://" + strings.ReplaceAll(g.acct.username, "_", "-") + ".example.com/",
			DisplayURL: strings.ReplaceAll(g.acct.username, "_", "-") + ".example.com", Indices: [2]int{0, len(website)}}}
}

// timelinePage is one Following response: a TimelineAddEntries holding
// the users and the cursors, older shape and 2025 shape mixed.
func timelinePage(ps []harPerson, n int) map[string]any {
	entries := make([]any, 0, len(ps)+2)
	for i := range ps {
		entries = append(entries, map[string]any{"entryId": "user-" + ps[i].id, "sortIndex": fmt.Sprint(1_900_000_000_000_000_000 - n*100 - i),
			"content": map[string]any{"entryType": "TimelineTimelineItem", "__typename": "TimelineTimelineItem",
				"itemContent": map[string]any{"itemType": "TimelineUser", "__typename": "TimelineUser",
					"user_results": map[string]any{"result": ps[i].json(i%3 != 0)}, "userDisplayType": "User"},
				"clientEventInfo": map[string]any{"component": "FollowingSgs", "element": "user"}}})
	}
	for _, dir := range []string{"Bottom", "Top"} {
		entries = append(entries, map[string]any{"entryId": "cursor-" + dir, "sortIndex": "0",
			"content": map[string]any{"entryType": "TimelineTimelineCursor", "__typename": "TimelineTimelineCursor",
				"value": fmt.Sprintf("%d|%d", 1_800_000_000_000_000_000+n, n), "cursorType": dir}})
	}
	return map[string]any{"data": map[string]any{"user": map[string]any{"result": map[string]any{"__typename": "User",
		"timeline": map[string]any{"timeline": map[string]any{"instructions": []any{
			map[string]any{"type": "TimelineClearCache"},
			map[string]any{"type": "TimelineAddEntries", "entries": entries}}}}}}}}
}

// The fake session a capture carries: fledge must read past all of it.
const harFakeSecret = "SAMPLE-NOT-A-SECRET"

type harNV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harContent struct {
	Size     int    `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
}

type harEntry struct {
	ResourceType    string `json:"_resourceType"`
	StartedDateTime string `json:"startedDateTime"`
	Time            int    `json:"time"`
	Request         struct {
		Method      string  `json:"method"`
		URL         string  `json:"url"`
		HTTPVersion string  `json:"httpVersion"`
		Headers     []harNV `json:"headers"`
		QueryString []harNV `json:"queryString"`
		Cookies     []harNV `json:"cookies"`
		HeadersSize int     `json:"headersSize"`
		BodySize    int     `json:"bodySize"`
	} `json:"request"`
	Response struct {
		Status      int        `json:"status"`
		StatusText  string     `json:"statusText"`
		HTTPVersion string     `json:"httpVersion"`
		Headers     []harNV    `json:"headers"`
		Cookies     []harNV    `json:"cookies"`
		Content     harContent `json:"content"`
		RedirectURL string     `json:"redirectURL"`
		HeadersSize int        `json:"headersSize"`
		BodySize    int        `json:"bodySize"`
	} `json:"response"`
}

type harBuilder struct {
	at      time.Time
	owner   string
	entries []harEntry
	err     error
}

func (h *harBuilder) apiURL(op string) string {
	v := url.Values{"variables": {`{"screen_name":"` + h.owner + `","count":20}`}, "features": {`{}`}}
	return "https://x.com/i/api/graphql/sAmPlE0QuErYiD/" + op + "?" + v.Encode()
}

// api adds a GraphQL call of the x.com web client answering body.
func (h *harBuilder) api(op string, body any) {
	text, err := marshal(body)
	if err != nil && h.err == nil {
		h.err = err
	}
	h.add("GET", h.apiURL(op), "application/json", string(text))
}

// add appends one entry; text "" is a body the browser did not keep.
func (h *harBuilder) add(method, u, mime, text string) {
	var e harEntry
	e.ResourceType, e.Time = "fetch", 80+len(h.entries)*7
	e.StartedDateTime = h.at.Add(time.Duration(len(h.entries)) * 1500 * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
	e.Request.Method, e.Request.URL, e.Request.HTTPVersion = method, u, "http/2.0"
	e.Request.HeadersSize, e.Request.BodySize = -1, 0
	e.Request.QueryString, e.Request.Cookies = []harNV{}, []harNV{}
	if parsed, err := url.Parse(u); err == nil && parsed.Host == "x.com" {
		e.Request.Headers = []harNV{{"authorization", "Bearer " + harFakeSecret}, {"cookie", "auth_token=" + harFakeSecret + "; ct0=" + harFakeSecret},
			{"x-csrf-token", harFakeSecret}}
		e.Request.Cookies = []harNV{{"auth_token", harFakeSecret}, {"ct0", harFakeSecret}}
		q := parsed.Query()
		for _, k := range slices.Sorted(maps.Keys(q)) {
			e.Request.QueryString = append(e.Request.QueryString, harNV{k, q.Get(k)})
		}
	} else {
		e.ResourceType, e.Request.Headers = "image", []harNV{}
	}
	e.Response.Status, e.Response.HTTPVersion, e.Response.HeadersSize = 200, "http/2.0", -1
	e.Response.Headers = []harNV{{"content-type", mime}}
	e.Response.Cookies = []harNV{}
	e.Response.Content = harContent{Size: len(text), MimeType: mime, Text: text}
	e.Response.BodySize = len(text)
	h.entries = append(h.entries, e)
}

func (h *harBuilder) encode() ([]byte, error) {
	if h.err != nil {
		return nil, h.err
	}
	doc := map[string]any{"log": map[string]any{"version": "1.2",
		"creator": map[string]any{"name": "WebInspector", "version": "537.36"},
		"pages": []any{map[string]any{"startedDateTime": h.at.Format("2006-01-02T15:04:05.000Z"), "id": "page_1",
			"title": "https://x.com/" + h.owner + "/following", "pageTimings": map[string]any{}}},
		"entries": h.entries}}
	b, err := marshal(doc)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// marshal writes compact JSON without escaping <, > and &, as browsers do.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("archivetest: HAR: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
