package mastodon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"strings"
	"time"
)

// MediaUpload describes one file to upload. Open is called once per
// attempt so a retried upload sends the whole file again.
type MediaUpload struct {
	FileName    string // base name sent to the server (no local path)
	ContentType string // e.g. image/jpeg; "" = application/octet-stream
	Open        func() (io.ReadCloser, error)
	Description string // alt text
	Focus       string // "x,y", each -1.0…1.0
}

// ErrMediaFailed means the server could not process an upload (422 on poll).
var ErrMediaFailed = errors.New("media processing failed")

// UploadMedia uploads through /api/v2/media and, if the server processes
// the file asynchronously (202: video, gifv, audio on Mastodon), polls
// until it is ready. The returned attachment has its final URL.
func (c *Client) UploadMedia(ctx context.Context, m MediaUpload) (*Attachment, error) {
	if m.Open == nil {
		return nil, fmt.Errorf("upload %q: no file to open", m.FileName)
	}
	b := multipartBody(m)
	u := c.server + "/api/v2/media"
	resp, err := c.send(ctx, http.MethodPost, u, b, true)
	if err != nil {
		return nil, fmt.Errorf("upload %q: %w", m.FileName, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusAccepted {
		return nil, fmt.Errorf("upload %q: %w", m.FileName, responseError(http.MethodPost, resp))
	}
	var att Attachment
	if err := decodeJSON(resp, &att); err != nil {
		return nil, fmt.Errorf("upload %q: %w", m.FileName, err)
	}
	if resp.StatusCode == http.StatusOK && att.URL != "" {
		return &att, nil
	}
	return c.WaitMedia(ctx, att.ID)
}

// WaitMedia polls GET /api/v1/media/:id until processing ends (206 → 200),
// backing off from 1 s to 10 s. A 422 gives an error matching
// ErrMediaFailed.
func (c *Client) WaitMedia(ctx context.Context, id ID) (*Attachment, error) {
	delay := time.Second
	for {
		att, done, err := c.GetMedia(ctx, id)
		if err != nil || done {
			return att, err
		}
		until := c.clock.Now().Add(delay)
		if c.onWait != nil {
			c.onWait(WaitEvent{Bucket: "", Until: until, Reason: WaitMedia})
		}
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return nil, err
		}
		delay = min(delay*3/2, 10*time.Second)
	}
}

// GetMedia fetches an attachment; done is false while the server still
// processes it (206).
func (c *Client) GetMedia(ctx context.Context, id ID) (att *Attachment, done bool, err error) {
	p := "/api/v1/media/" + url.PathEscape(string(id))
	resp, err := c.send(ctx, http.MethodGet, c.server+p, nil, true)
	if err != nil {
		return nil, false, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK, http.StatusPartialContent:
		var a Attachment
		if err := decodeJSON(resp, &a); err != nil {
			return nil, false, err
		}
		return &a, resp.StatusCode == http.StatusOK, nil
	case http.StatusUnprocessableEntity:
		return nil, false, fmt.Errorf("media %s: %w: %w", id, ErrMediaFailed, responseError(http.MethodGet, resp))
	}
	return nil, false, responseError(http.MethodGet, resp)
}

// MediaUpdate holds the fields PUT /api/v1/media/:id can change. Nil
// fields are left alone.
type MediaUpdate struct {
	Description *string
	Focus       *string
}

// UpdateMedia changes an unattached upload's description or focus.
func (c *Client) UpdateMedia(ctx context.Context, id ID, u MediaUpdate) (*Attachment, error) {
	v := url.Values{}
	if u.Description != nil {
		v.Set("description", *u.Description)
	}
	if u.Focus != nil {
		v.Set("focus", *u.Focus)
	}
	var att Attachment
	p := "/api/v1/media/" + url.PathEscape(string(id))
	if _, err := c.call(ctx, http.MethodPut, p, nil, formBody(v), &att); err != nil {
		return nil, err
	}
	return &att, nil
}

// multipartBody streams the file through a pipe, so large videos are not
// held in memory; each open starts a fresh pipe for a retry.
func multipartBody(m MediaUpload) *body {
	boundary := multipart.NewWriter(io.Discard).Boundary()
	return &body{
		contentType: "multipart/form-data; boundary=" + boundary,
		open: func() (io.ReadCloser, error) {
			f, err := m.Open()
			if err != nil {
				return nil, fmt.Errorf("opening %q: %w", m.FileName, err)
			}
			pr, pw := io.Pipe()
			go func() {
				defer f.Close()
				pw.CloseWithError(writeMultipart(pw, boundary, m, f))
			}()
			return pr, nil
		},
	}
}

func writeMultipart(w io.Writer, boundary string, m MediaUpload, f io.Reader) error {
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(boundary); err != nil {
		return err
	}
	if m.Description != "" {
		if err := mw.WriteField("description", m.Description); err != nil {
			return err
		}
	}
	if m.Focus != "" {
		if err := mw.WriteField("focus", m.Focus); err != nil {
			return err
		}
	}
	ct := m.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h := make(textproto.MIMEHeader)
	name := strings.NewReplacer(`"`, "_", "\\", "_", "\r", "_", "\n", "_").Replace(path.Base(m.FileName))
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+name+`"`)
	h.Set("Content-Type", ct)
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, f); err != nil {
		return fmt.Errorf("reading %q: %w", m.FileName, err)
	}
	return mw.Close()
}
