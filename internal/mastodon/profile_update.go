package mastodon

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"strconv"
	"strings"
)

// ProfileField is one profile metadata field in plain text, as
// verify_credentials returns it under source.fields.
type ProfileField struct {
	Name  string
	Value string
}

// ProfileImage is an avatar or header to upload. Open is called once per
// attempt so a retried request sends the whole file again.
type ProfileImage struct {
	FileName    string // base name sent to the server (no local path)
	ContentType string // e.g. image/jpeg; "" = application/octet-stream
	Open        func() (io.ReadCloser, error)
}

// CredentialsUpdate is a change to the user's own profile. Nil members are
// left as they are on the server.
type CredentialsUpdate struct {
	DisplayName *string
	Note        *string // plain text; the server turns it into HTML
	// Fields replaces every profile field: servers do not merge, so the
	// caller sends the complete list (an empty list clears them).
	Fields *[]ProfileField
	Avatar *ProfileImage
	Header *ProfileImage
}

// Empty reports whether u would change nothing.
func (u CredentialsUpdate) Empty() bool {
	return u.DisplayName == nil && u.Note == nil && u.Fields == nil && u.Avatar == nil && u.Header == nil
}

// UpdateCredentials changes the user's profile with PATCH
// /api/v1/accounts/update_credentials. It always sends multipart form data:
// go-mastodon's AccountUpdate only sends url-encoded forms, where images
// would have to be inlined as base64 strings that not every server reads.
// The answer is the updated account (with source), which also replaces the
// cached VerifyCredentials result.
func (c *Client) UpdateCredentials(ctx context.Context, u CredentialsUpdate) (*Account, error) {
	const p = "/api/v1/accounts/update_credentials"
	if u.Empty() {
		return nil, fmt.Errorf("PATCH %s: nothing to update", p)
	}
	for _, img := range []*ProfileImage{u.Avatar, u.Header} {
		if img != nil && img.Open == nil {
			return nil, fmt.Errorf("PATCH %s: image %q has no file to open", p, img.FileName)
		}
	}
	var acct Account
	if _, err := c.call(ctx, http.MethodPatch, p, nil, credentialsBody(u), &acct); err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.self = &acct
	c.mu.Unlock()
	return &acct, nil
}

// credentialsBody streams the form through a pipe; each open starts a
// fresh pipe for a retry.
func credentialsBody(u CredentialsUpdate) *body {
	boundary := multipart.NewWriter(io.Discard).Boundary()
	return &body{
		contentType: "multipart/form-data; boundary=" + boundary,
		open: func() (io.ReadCloser, error) {
			pr, pw := io.Pipe()
			go func() {
				pw.CloseWithError(writeCredentials(pw, boundary, u))
			}()
			return pr, nil
		},
	}
}

func writeCredentials(w io.Writer, boundary string, u CredentialsUpdate) error {
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(boundary); err != nil {
		return err
	}
	var fields [][2]string
	if u.DisplayName != nil {
		fields = append(fields, [2]string{"display_name", *u.DisplayName})
	}
	if u.Note != nil {
		fields = append(fields, [2]string{"note", *u.Note})
	}
	if u.Fields != nil {
		list := *u.Fields
		if len(list) == 0 {
			// A blank name makes the server drop the field: the way to
			// say "no fields" in a form.
			list = []ProfileField{{}}
		}
		for i, f := range list {
			k := "fields_attributes[" + strconv.Itoa(i) + "]"
			fields = append(fields, [2]string{k + "[name]", f.Name}, [2]string{k + "[value]", f.Value})
		}
	}
	for _, f := range fields {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			return err
		}
	}
	for _, img := range []struct {
		name string
		img  *ProfileImage
	}{{"avatar", u.Avatar}, {"header", u.Header}} {
		if img.img == nil {
			continue
		}
		if err := writeImagePart(mw, img.name, img.img); err != nil {
			return err
		}
	}
	return mw.Close()
}

func writeImagePart(mw *multipart.Writer, field string, img *ProfileImage) error {
	f, err := img.Open()
	if err != nil {
		return fmt.Errorf("opening %s %q: %w", field, img.FileName, err)
	}
	defer f.Close()
	ct := img.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	name := strings.NewReplacer(`"`, "_", "\\", "_", "\r", "_", "\n", "_").Replace(path.Base(img.FileName))
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+name+`"`)
	h.Set("Content-Type", ct)
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, f); err != nil {
		return fmt.Errorf("reading %s %q: %w", field, img.FileName, err)
	}
	return nil
}

// SourceFields returns the account's profile fields in plain text
// (source.fields), falling back to the rendered fields, whose values are
// HTML, when the server sent no source.
func SourceFields(a *Account) []ProfileField {
	if a == nil {
		return nil
	}
	src := a.Fields
	if a.Source != nil && a.Source.Fields != nil {
		src = *a.Source.Fields
	}
	out := make([]ProfileField, 0, len(src))
	for _, f := range src {
		out = append(out, ProfileField{Name: f.Name, Value: f.Value})
	}
	return out
}

// SourceNote returns the account's bio in plain text (source.note); ok is
// false when the server sent only the HTML note.
func SourceNote(a *Account) (note string, ok bool) {
	if a == nil || a.Source == nil || a.Source.Note == nil {
		return "", false
	}
	return *a.Source.Note, true
}
