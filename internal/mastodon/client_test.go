package mastodon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFollowSendsOptions(t *testing.T) {
	var got http.Header
	var form map[string][]string
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/accounts/42/follow", func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		_ = r.ParseForm()
		form = r.PostForm
		writeJSON(w, 200, `{"id":"42","following":false,"requested":true,"showing_reblogs":false}`)
	})
	c, _, _ := testClient(t, mux, Options{})
	f := false
	tr := true
	rel, err := c.Follow(context.Background(), "42", FollowOptions{Reblogs: &f, Notify: &tr, Languages: []string{"de", "fr"}})
	if err != nil {
		t.Fatal(err)
	}
	if !rel.Requested || rel.ShowingReblogs {
		t.Errorf("relationship = %+v", rel)
	}
	if got.Get("Authorization") != "Bearer sekrit-token-123" {
		t.Errorf("Authorization = %q", got.Get("Authorization"))
	}
	want := "map[languages[]:[de fr] notify:[true] reblogs:[false]]"
	if fmt.Sprint(form) != want {
		t.Errorf("form = %v, want %v", form, want)
	}
}

func TestPostStatus(t *testing.T) {
	var form map[string][]string
	var key string
	scheduled := false
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		form = r.PostForm
		key = r.Header.Get("Idempotency-Key")
		if scheduled {
			writeJSON(w, 200, `{"id":"s1","scheduled_at":"2027-01-01T00:00:00.000Z","params":{"text":"x"}}`)
			return
		}
		writeJSON(w, 200, `{"id":"109","content":"<p>x</p>","created_at":"2015-03-01T10:00:00.000Z"}`)
	})
	c, _, _ := testClient(t, mux, Options{})
	ctx := WithIdempotencyKey(context.Background(), "tweet-123")
	res, err := c.PostStatus(ctx, NewStatus{
		Text: "x", InReplyToID: "100", MediaIDs: []ID{"m1", "m2"}, Visibility: "unlisted", Language: "en",
		SpoilerText: "cw", Sensitive: true, QuotedStatusID: "99",
		ScheduledAt: time.Date(2015, 3, 1, 10, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status == nil || res.Status.ID != "109" || res.Scheduled != nil {
		t.Fatalf("result = %+v", res)
	}
	if key != "tweet-123" {
		t.Errorf("Idempotency-Key = %q", key)
	}
	want := "map[in_reply_to_id:[100] language:[en] media_ids[]:[m1 m2] quoted_status_id:[99] scheduled_at:[2015-03-01T10:00:00Z] sensitive:[true] spoiler_text:[cw] status:[x] visibility:[unlisted]]"
	if fmt.Sprint(form) != want {
		t.Errorf("form = %v\nwant   %v", form, want)
	}

	scheduled = true
	res, err = c.PostStatus(context.Background(), NewStatus{Text: "later"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Scheduled == nil || res.Scheduled.ID != "s1" || res.Status != nil || res.Scheduled.ScheduledAt.Year() != 2027 {
		t.Fatalf("scheduled result = %+v", res)
	}
	if fmt.Sprint(form) != "map[status:[later]]" || key != "" {
		t.Errorf("second post sent %v with key %q", form, key)
	}
}

func TestFollowingPages(t *testing.T) {
	var srvURL string
	var pages []string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/accounts/verify_credentials", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"1","acct":"me"}`)
	})
	mux.HandleFunc("GET /api/v1/accounts/1/following", func(w http.ResponseWriter, r *http.Request) {
		pages = append(pages, r.URL.RawQuery)
		switch r.URL.Query().Get("max_id") {
		case "":
			w.Header().Set("Link", `<`+srvURL+`/api/v1/accounts/1/following?limit=80&max_id=20>; rel="next", <`+srvURL+`/api/v1/accounts/1/following?min_id=30>; rel="prev"`)
			writeJSON(w, 200, `[{"id":"30","acct":"a@x"},{"id":"25","acct":"b@x"}]`)
		case "20":
			w.Header().Set("Link", `<https://elsewhere.example/api/v1/accounts/1/following?max_id=10>; rel="next"`)
			writeJSON(w, 200, `[{"id":"20","acct":"c@x"}]`)
		}
	})
	c, _, srv := testClient(t, mux, Options{})
	srvURL = srv.URL
	var accts []string
	var lastErr error
	for a, err := range c.Following(context.Background()) {
		if err != nil {
			lastErr = err
			break
		}
		accts = append(accts, a.Acct)
	}
	if strings.Join(accts, ",") != "a@x,b@x,c@x" {
		t.Errorf("accounts = %v", accts)
	}
	if !errors.Is(lastErr, ErrNotMastodon) || !strings.Contains(lastErr.Error(), "another server") {
		t.Errorf("foreign Link not refused: %v", lastErr)
	}
	if len(pages) != 2 || pages[0] != "limit=80" {
		t.Errorf("pages requested = %v", pages)
	}
}

func TestStatusesStopsAtEmptyPage(t *testing.T) {
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/accounts/verify_credentials", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"1"}`)
	})
	mux.HandleFunc("GET /api/v1/accounts/1/statuses", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `<`+srvURL+`/api/v1/accounts/1/statuses?max_id=1>; rel="next"`)
		if r.URL.Query().Get("max_id") != "" {
			writeJSON(w, 200, `[]`)
			return
		}
		writeJSON(w, 200, `[{"id":"5"},{"id":"4"}]`)
	})
	c, _, srv := testClient(t, mux, Options{})
	srvURL = srv.URL
	n := 0
	for _, err := range c.Statuses(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("got %d statuses, want 2", n)
	}
}

func TestUploadMediaPolls(t *testing.T) {
	var mu sync.Mutex
	polls := 0
	var upload struct{ name, ctype, data, desc string }
	var putForm map[string][]string
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v2/media", func(w http.ResponseWriter, r *http.Request) {
		f, hdr, err := r.FormFile("file")
		if err != nil {
			writeJSON(w, 422, `{"error":"no file"}`)
			return
		}
		b, _ := io.ReadAll(f)
		upload.name, upload.ctype, upload.data, upload.desc = hdr.Filename, hdr.Header.Get("Content-Type"), string(b), r.FormValue("description")
		writeJSON(w, 202, `{"id":"m7","type":"video","url":null}`)
	})
	mux.HandleFunc("GET /api/v1/media/m7", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		polls++
		n := polls
		mu.Unlock()
		if n < 3 {
			writeJSON(w, 206, `{"id":"m7","type":"video","url":null}`)
			return
		}
		writeJSON(w, 200, `{"id":"m7","type":"video","url":"https://files/m7.mp4"}`)
	})
	mux.HandleFunc("GET /api/v1/media/bad", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 422, `{"error":"processing failed"}`)
	})
	mux.HandleFunc("PUT /api/v1/media/m7", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		putForm = r.PostForm
		writeJSON(w, 200, `{"id":"m7","description":"new alt"}`)
	})
	var waits []WaitEvent
	c, clock, _ := testClient(t, mux, Options{OnWait: func(e WaitEvent) { waits = append(waits, e) }})
	opens := 0
	att, err := c.UploadMedia(context.Background(), MediaUpload{
		FileName: "/home/me/archive/data/tweets_media/123-abc.mp4", ContentType: "video/mp4",
		Description: "a cat", Open: func() (io.ReadCloser, error) {
			opens++
			return io.NopCloser(strings.NewReader("VIDEO")), nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if att.URL != "https://files/m7.mp4" || polls != 3 || opens != 1 {
		t.Errorf("att=%+v polls=%d opens=%d", att, polls, opens)
	}
	if upload.name != "123-abc.mp4" || upload.ctype != "video/mp4" || upload.data != "VIDEO" || upload.desc != "a cat" {
		t.Errorf("upload = %+v", upload)
	}
	if sl := clock.Sleeps(); len(sl) != 2 || sl[1] <= sl[0] {
		t.Errorf("poll sleeps = %v, want two growing steps", sl)
	}
	if len(waits) != 2 || waits[0].Reason != WaitMedia {
		t.Errorf("waits = %+v", waits)
	}

	if _, err := c.WaitMedia(context.Background(), "bad"); !errors.Is(err, ErrMediaFailed) {
		t.Errorf("failed media: %v", err)
	}

	desc := "new alt"
	att, err = c.UpdateMedia(context.Background(), "m7", MediaUpdate{Description: &desc})
	if err != nil || att.Description != "new alt" || fmt.Sprint(putForm) != "map[description:[new alt]]" {
		t.Errorf("UpdateMedia = %+v, %v, form %v", att, err, putForm)
	}
}

func TestErrorsAreClassifiedAndRedacted(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/accounts/lookup", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("acct") {
		case "html@x":
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<!doctype html><html>Welcome to my blog</html>")
		case "echo@x":
			writeJSON(w, 401, `{"error":"token `+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+` is invalid"}`)
		case "scope@x":
			writeJSON(w, 403, `{"error":"This action is outside the authorized scopes"}`)
		default:
			writeJSON(w, 404, `{"error":"Record not found"}`)
		}
	})
	mux.HandleFunc("POST /api/v1/accounts/9/follow", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, `{"error":"This action is not allowed"}`)
	})
	mux.HandleFunc("GET /api/v2/search", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html>maintenance</html>")
	})
	c, _, _ := testClient(t, mux, Options{})
	ctx := context.Background()

	_, err := c.Lookup(ctx, "@nobody@x")
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrAuth) {
		t.Errorf("404: %v", err)
	}
	_, err = c.Lookup(ctx, "html@x")
	if !errors.Is(err, ErrNotMastodon) {
		t.Errorf("HTML through go-mastodon: %v", err)
	}
	_, err = c.SearchAccounts(ctx, "a@b", true, 1)
	if !errors.Is(err, ErrNotMastodon) || !strings.Contains(err.Error(), "web page") {
		t.Errorf("HTML through our request: %v", err)
	}
	_, err = c.Lookup(ctx, "echo@x")
	if !errors.Is(err, ErrAuth) || strings.Contains(err.Error(), "sekrit-token-123") {
		t.Errorf("401: %v", err)
	}
	_, err = c.Lookup(ctx, "scope@x")
	if !errors.Is(err, ErrAuth) {
		t.Errorf("403 scope: %v", err)
	}
	_, err = c.Follow(ctx, "9", FollowOptions{})
	var pe *PermanentError
	if !errors.As(err, &pe) || pe.Status != 403 || errors.Is(err, ErrAuth) {
		t.Errorf("403 moved target: %v", err)
	}
	for _, s := range []string{c.String(), fmt.Sprintf("%v %+v %#v", c, c, c)} {
		if strings.Contains(s, "sekrit") {
			t.Errorf("token leaked: %s", s)
		}
	}
}

func TestSearchAddsLeadingAt(t *testing.T) {
	var q, resolve string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/search", func(w http.ResponseWriter, r *http.Request) {
		q, resolve = r.URL.Query().Get("q"), r.URL.Query().Get("resolve")
		writeJSON(w, 200, `{"accounts":[{"id":"5","acct":"user@host:8080"}],"statuses":[],"hashtags":[]}`)
	})
	c, _, _ := testClient(t, mux, Options{})
	as, err := c.SearchAccounts(context.Background(), "user@host:8080", true, 1)
	if err != nil || len(as) != 1 || as[0].ID != "5" {
		t.Fatalf("search = %v, %v", as, err)
	}
	if q != "@user@host:8080" || resolve != "true" {
		t.Errorf("q=%q resolve=%q", q, resolve)
	}
}

func TestServerGoneAndTLS(t *testing.T) {
	c, _, srv := testClient(t, http.NotFoundHandler(), Options{MaxRetries: 1})
	srv.Close()
	_, err := c.Lookup(context.Background(), "a@b")
	if !errors.Is(err, ErrRetryable) || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("server gone: %v", err)
	}

	// A self-signed TLS server without its CA in the pool.
	tlsSrv := newTLSServer(t)
	c2, err := New(tlsSrv, "tok", Options{Clock: newFakeClock(t0)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c2.Lookup(context.Background(), "a@b")
	if !errors.Is(err, ErrTLS) || !strings.Contains(err.Error(), "cannot be trusted") {
		t.Errorf("TLS: %v", err)
	}
}
