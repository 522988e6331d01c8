package mastotest

import (
	"encoding/json"
	"math"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// fuzzServer is a server driven in-process through ServeHTTP, so fuzzing
// opens no sockets per input.
func fuzzServer(f *testing.F, opts Options) (*Server, string, string) {
	s := New(opts)
	f.Cleanup(s.Close)
	alice := s.AddAccount("alice", AccountOptions{})
	bob := s.AddRemoteAccount("bob@remote.example", RemoteOptions{Known: true})
	return s, alice.Token, bob.ID
}

// serve runs one request and checks the invariants every answer must
// keep: no 5xx and, for API errors, a JSON body.
func serve(t *testing.T, s *Server, method, target, token, contentType, body string) {
	req := httptest.NewRequest(method, "http://fuzz.test/", strings.NewReader(body))
	u, err := url.Parse(target)
	if err != nil {
		return
	}
	req.URL = u
	req.RequestURI = u.RequestURI()
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s (%s %q) answered %d: %s", method, target, contentType, body, rec.Code, rec.Body)
	}
	if strings.HasPrefix(u.Path, "/api/") && !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("%s %s answered non-JSON %q", method, target, rec.Body)
	}
}

var fuzzPaths = []string{
	"/api/v1/statuses", "/api/v2/media", "/api/v1/apps", "/api/v1/lists", "/oauth/token", "/api/v1/accounts/%s/follow",
}

func FuzzRequestBody(f *testing.F) {
	f.Add(uint8(0), "application/x-www-form-urlencoded", "status=hello&visibility=unlisted")
	f.Add(uint8(0), "application/json", `{"status":"hi","media_ids":["1","2"],"poll":{"options":["a","b"]}}`)
	f.Add(uint8(0), "application/json", `{"status":"x","scheduled_at":"2015-03-01T00:00:00Z","in_reply_to_id":"abc"}`)
	f.Add(uint8(0), "application/json", `[1,2,3]`)
	f.Add(uint8(1), "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--x--\r\n")
	f.Add(uint8(1), "multipart/form-data", "--x--")
	f.Add(uint8(2), "application/x-www-form-urlencoded", "client_name=a&redirect_uris=urn:ietf:wg:oauth:2.0:oob&scopes=read+write")
	f.Add(uint8(3), "application/json", `{"title":"t","replies_policy":"none"}`)
	f.Add(uint8(4), "application/x-www-form-urlencoded", "grant_type=authorization_code&code=%zz")
	f.Add(uint8(5), "application/json", `{"reblogs":false,"languages":["en",{"a":[[[]]]}]}`)
	// Both flavours, with every limit off so the fuzzer explores handlers
	// rather than 429s.
	off := Limits{API: Limit{N: -1}, User: Limit{N: -1}, Statuses: Limit{N: -1}, Follows: Limit{N: -1}, Media: Limit{N: -1}, Unauthenticated: Limit{N: -1}}
	mast, mastTok, mastBob := fuzzServer(f, Options{MediaPolls: -1, Limits: off})
	gts, gtsTok, gtsBob := fuzzServer(f, Options{Software: GoToSocial, Limits: off})
	f.Fuzz(func(t *testing.T, which uint8, contentType, body string) {
		s, tok, bob := mast, mastTok, mastBob
		if which&0x80 != 0 {
			s, tok, bob = gts, gtsTok, gtsBob
		}
		path := strings.Replace(fuzzPaths[int(which&0x7f)%len(fuzzPaths)], "%s", bob, 1)
		serve(t, s, "POST", path, tok, contentType, body)
	})
}

func FuzzQueryParams(f *testing.F) {
	f.Add("/api/v2/search", "q=@bob@remote.example&resolve=true&type=accounts&limit=5")
	f.Add("/api/v1/accounts/lookup", "acct=@@@")
	f.Add("/api/v1/accounts/1/following", "max_id=18446744073709551616&limit=-9223372036854775808")
	f.Add("/api/v1/blocks", "min_id=0&since_id=x&limit=80")
	f.Add("/.well-known/webfinger", "resource=acct:alice@")
	f.Add("/oauth/authorize", "response_type=code&client_id=x&code_challenge=a&code_challenge_method=S256")
	f.Add("/api/v1/accounts/relationships", "id[]=1&id[]=&id[]=%00")
	s, tok, _ := fuzzServer(f, Options{Limits: Limits{API: Limit{N: -1}, User: Limit{N: -1}, Paging: Limit{N: -1}, Unauthenticated: Limit{N: -1}}})
	f.Fuzz(func(t *testing.T, path, query string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?# \x00") {
			return
		}
		serve(t, s, "GET", path+"?"+query, tok, "", "")
	})
}

func FuzzParseFocus(f *testing.F) {
	for _, seed := range []string{"0.5,-0.5", "", ",", "1e400,-1e400", "abc", "-.5e-3,+7", "1,2,3"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		x, y := parseFocus(v)
		if math.IsNaN(x) || math.IsNaN(y) {
			t.Fatalf("parseFocus(%q) = %v, %v", v, x, y)
		}
	})
}
