package mastotest

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

type mediaOut struct {
	ID          string  `json:"id"`
	Type        string  `json:"type"`
	URL         *string `json:"url"`
	Description *string `json:"description"`
	Meta        struct {
		Focus struct{ X, Y float64 } `json:"focus"`
	} `json:"meta"`
}

func TestMediaLifecycle(t *testing.T) {
	s := newTestServer(t, Options{MediaPolls: 2})
	alice := s.AddAccount("alice", AccountOptions{})

	r := do(t, s, alice.Token, "POST", "/api/v2/media", fileBody(t, "clip.mp4", "video/mp4", 1000, "description", "a clip", "focus", "0.5,-0.25"))
	wantCode(t, r, 202)
	var m mediaOut
	r.json(t, &m)
	if m.URL != nil || m.Type != "video" || m.Meta.Focus.X != 0.5 || m.Meta.Focus.Y != -0.25 {
		t.Fatalf("202 body %s", r.body)
	}
	// Posting while processing fails.
	r = postStatus(t, s, alice.Token, url.Values{"status": {"x"}, "media_ids[]": {m.ID}})
	wantCode(t, r, 422)
	if !strings.Contains(r.errMsg(t), "not finished processing") {
		t.Errorf("not-ready error %q", r.errMsg(t))
	}
	for range 2 {
		wantCode(t, do(t, s, alice.Token, "GET", "/api/v1/media/"+m.ID, nil), 206)
	}
	r = do(t, s, alice.Token, "GET", "/api/v1/media/"+m.ID, nil)
	wantCode(t, r, 200)
	r.json(t, &m)
	if m.URL == nil || *m.Description != "a clip" {
		t.Fatalf("200 body %s", r.body)
	}
	// PUT updates the description before attaching.
	r = do(t, s, alice.Token, "PUT", "/api/v1/media/"+m.ID, url.Values{"description": {"new alt"}})
	wantCode(t, r, 200)
	wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {"x"}, "media_ids[]": {m.ID}}), 200)
	got := s.Media("alice")
	if len(got) != 1 || got[0].Description != "new alt" || got[0].StatusID == "" {
		t.Fatalf("stored media %+v", got)
	}
	// Attached media cannot be attached again.
	wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {"y"}, "media_ids[]": {m.ID}}), 422)
}

func TestMediaDelayUsesClock(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now, MediaPolls: -1, MediaDelay: time.Minute})
	alice := s.AddAccount("alice", AccountOptions{})
	var m mediaOut
	do(t, s, alice.Token, "POST", "/api/v2/media", fileBody(t, "a.gif", "image/gif", 10)).json(t, &m)
	wantCode(t, do(t, s, alice.Token, "GET", "/api/v1/media/"+m.ID, nil), 206)
	clk.Advance(time.Minute)
	wantCode(t, do(t, s, alice.Token, "GET", "/api/v1/media/"+m.ID, nil), 200)
}

func TestMediaValidation(t *testing.T) {
	tests := []struct {
		name     string
		software string
		body     func(t *testing.T) *multipartBody
		code     int
		msg      string
	}{
		{"image is synchronous", Mastodon, func(t *testing.T) *multipartBody { return fileBody(t, "a.png", "image/png", 100) }, 200, ""},
		{"type from extension", Mastodon, func(t *testing.T) *multipartBody { return fileBody(t, "a.jpg", "", 100) }, 200, ""},
		{"unsupported type", Mastodon, func(t *testing.T) *multipartBody { return fileBody(t, "a.exe", "application/x-msdownload", 100) }, 422, ""},
		{"image too big", Mastodon, func(t *testing.T) *multipartBody { return fileBody(t, "a.png", "image/png", 2001) }, 422, "Validation failed: File file size must be less than 2000 Bytes"},
		{"video limit is separate", Mastodon, func(t *testing.T) *multipartBody { return fileBody(t, "a.mp4", "video/mp4", 2001) }, 202, ""},
		{"description too long", Mastodon, func(t *testing.T) *multipartBody {
			return fileBody(t, "a.png", "image/png", 1, "description", strings.Repeat("é", 1501))
		}, 422, "Validation failed: Description is too long (maximum is 1500 characters)"},
		{"no file", Mastodon, func(t *testing.T) *multipartBody {
			mb := fileBody(t, "a.png", "image/png", 0)
			mb.buf.Reset()
			mb.buf.WriteString("--x--\r\n")
			mb.ct = "multipart/form-data; boundary=x"
			return mb
		}, 422, "Validation failed: File can't be blank"},
		{"GTS video is synchronous", GoToSocial, func(t *testing.T) *multipartBody { return fileBody(t, "a.mp4", "video/mp4", 10) }, 200, ""},
		{"GTS oversize is 400", GoToSocial, func(t *testing.T) *multipartBody { return fileBody(t, "a.png", "image/png", 2001) }, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{Software: tt.software, Instance: InstanceConfig{ImageSizeLimit: 2000, VideoSizeLimit: 5000}})
			alice := s.AddAccount("alice", AccountOptions{})
			r := do(t, s, alice.Token, "POST", "/api/v2/media", tt.body(t))
			wantCode(t, r, tt.code)
			if tt.msg != "" && r.errMsg(t) != tt.msg {
				t.Errorf("error %q, want %q", r.errMsg(t), tt.msg)
			}
		})
	}
}

func TestMediaAttachRules(t *testing.T) {
	s := newTestServer(t, Options{MediaPolls: -1})
	alice := s.AddAccount("alice", AccountOptions{})
	bob := s.AddAccount("bob", AccountOptions{})
	upload := func(tok, name, ct string) string {
		var m mediaOut
		do(t, s, tok, "POST", "/api/v2/media", fileBody(t, name, ct, 10)).json(t, &m)
		return m.ID
	}
	var imgs []string
	for range 5 {
		imgs = append(imgs, upload(alice.Token, "a.png", "image/png"))
	}
	video := upload(alice.Token, "v.mp4", "video/mp4")
	bobs := upload(bob.Token, "b.png", "image/png")
	tests := []struct {
		name string
		ids  []string
		msg  string
	}{
		{"five is too many", imgs, "Cannot attach more than 4 files"},
		{"images with video", []string{imgs[0], video}, "Cannot attach a video to a post that already contains images"},
		{"someone else's media", []string{bobs}, "Media with IDs " + bobs + " not found or already attached to another post"},
	}
	for _, tt := range tests {
		r := postStatus(t, s, alice.Token, url.Values{"status": {"x"}, "media_ids[]": tt.ids})
		wantCode(t, r, 422)
		if r.errMsg(t) != tt.msg {
			t.Errorf("%s: %q, want %q", tt.name, r.errMsg(t), tt.msg)
		}
	}
	wantCode(t, postStatus(t, s, alice.Token, url.Values{"media_ids[]": imgs[:4]}), 200)
}

func TestMediaProcessingFailure(t *testing.T) {
	s := newTestServer(t, Options{MediaPolls: 1, MediaFails: func(name string) bool { return strings.HasPrefix(name, "bad") }})
	alice := s.AddAccount("alice", AccountOptions{})
	var m mediaOut
	do(t, s, alice.Token, "POST", "/api/v2/media", fileBody(t, "bad.mp4", "video/mp4", 10)).json(t, &m)
	wantCode(t, do(t, s, alice.Token, "GET", "/api/v1/media/"+m.ID, nil), 206)
	wantCode(t, do(t, s, alice.Token, "GET", "/api/v1/media/"+m.ID, nil), 422)
	wantCode(t, do(t, s, alice.Token, "POST", "/api/v2/media", fileBody(t, "bad.png", "image/png", 10)), 422)
}
