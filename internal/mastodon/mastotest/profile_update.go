package mastotest

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ProfileImage is an avatar or header set through update_credentials.
type ProfileImage struct {
	FileName    string
	ContentType string
	Size        int64
	URL         string
}

// ProfileImages returns the avatar and header username set through
// update_credentials; nil when none was set.
func (s *Server) ProfileImages(username string) (avatar, header *ProfileImage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.local(username)
	if a == nil {
		return nil, nil
	}
	cp := func(img *ProfileImage) *ProfileImage {
		if img == nil {
			return nil
		}
		c := *img
		return &c
	}
	return cp(a.avatar), cp(a.header)
}

// profileRoutes registers PATCH /api/v1/accounts/update_credentials. It
// reads its own multipart body: the shared parser keeps only a part named
// "file", and this endpoint takes two images, avatar and header.
func (s *Server) profileRoutes() {
	acc := need(true, "write:accounts")
	s.rules["PATCH /api/v1/accounts/update_credentials"] = acc
	s.mux.HandleFunc("PATCH /api/v1/accounts/update_credentials", func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Context().Value(ctxKey{}).(*call)
		if c == nil {
			c = &call{}
		}
		c.w, c.r = w, r
		form, err := parseCredentialsForm(r, s.maxUpload())
		if err != nil {
			s.fail(c, http.StatusBadRequest, err.Error())
			return
		}
		c.p = &params{v: form.values}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.allowed(c, acc) {
			return
		}
		s.updateCredentials(c, form)
	})
}

// credentialsForm is a parsed update_credentials request.
type credentialsForm struct {
	values url.Values
	images map[string]*upload // "avatar", "header"
}

func parseCredentialsForm(r *http.Request, maxFile int64) (*credentialsForm, error) {
	f := &credentialsForm{values: url.Values{}, images: map[string]*upload{}}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil && ct != "" {
		return nil, fmt.Errorf("invalid Content-Type %q: %w", ct, err)
	}
	switch mt {
	case "multipart/form-data":
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, fmt.Errorf("reading multipart body: %w", err)
		}
		for parts := 0; ; parts++ {
			if parts > 1000 {
				return nil, errors.New("multipart body has too many parts")
			}
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return f, nil
			}
			if err != nil {
				return nil, fmt.Errorf("reading multipart body: %w", err)
			}
			name := part.FormName()
			if name == "avatar" || name == "header" {
				up, err := readUpload(part, maxFile)
				if err != nil {
					return nil, err
				}
				f.images[name] = up
				continue
			}
			b, err := io.ReadAll(io.LimitReader(part, maxFormBytes))
			if err != nil {
				return nil, fmt.Errorf("reading multipart field %q: %w", name, err)
			}
			f.values.Add(name, string(b))
		}
	case "application/x-www-form-urlencoded":
		b, err := io.ReadAll(io.LimitReader(r.Body, maxFormBytes))
		if err != nil {
			return nil, fmt.Errorf("reading form body: %w", err)
		}
		vs, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, fmt.Errorf("error occurred while parsing request parameters: %w", err)
		}
		f.values = vs
	}
	return f, nil
}

var fieldKeyRE = regexp.MustCompile(`^fields_attributes\[(\d{1,4})\]\[(name|value)\]$`)

// fieldsFromForm reads fields_attributes[i][name|value] in index order;
// ok is false when the request has none. Fields with a blank name are
// dropped, as Mastodon does.
func fieldsFromForm(v url.Values) (fields []Field, ok bool) {
	byIndex := map[int]*Field{}
	for k, vs := range v {
		m := fieldKeyRE.FindStringSubmatch(k)
		if m == nil || len(vs) == 0 {
			continue
		}
		ok = true
		i, _ := strconv.Atoi(m[1])
		f := byIndex[i]
		if f == nil {
			f = &Field{}
			byIndex[i] = f
		}
		if m[2] == "name" {
			f.Name = vs[0]
		} else {
			f.Value = vs[0]
		}
	}
	idx := make([]int, 0, len(byIndex))
	for i := range byIndex {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for _, i := range idx {
		if f := byIndex[i]; strings.TrimSpace(f.Name) != "" {
			fields = append(fields, Field{Name: strings.TrimSpace(f.Name), Value: strings.TrimSpace(f.Value)})
		}
	}
	return fields, ok
}

// profileLimits are the server's validation rules for a profile.
type profileLimits struct {
	displayName, note, fieldText int
	image                        int64 // largest accepted avatar or header
}

func (s *Server) profileLimits() profileLimits {
	if s.opts.gts() {
		return profileLimits{displayName: 64, note: 5000, fieldText: 255, image: s.opts.Instance.ImageSizeLimit}
	}
	// Mastodon 4.5 with ImageMagick: images must be less than 2 MB.
	return profileLimits{displayName: 30, note: 500, fieldText: 255, image: 2<<20 - 1}
}

var profileImageTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp"}

// updateCredentials validates everything first, as a database transaction
// would, and changes nothing when any part is refused.
func (s *Server) updateCredentials(c *call, f *credentialsForm) {
	a := c.user
	lim := s.profileLimits()
	v := f.values
	name, note := a.displayName, a.note
	if v.Has("display_name") {
		name = strings.TrimSpace(v.Get("display_name"))
		if utf8.RuneCountInString(name) > lim.displayName {
			s.invalid(c, fmt.Sprintf("Display name is too long (maximum is %d characters)", lim.displayName))
			return
		}
	}
	if v.Has("note") {
		note = strings.TrimSpace(v.Get("note"))
		n := CountMastodon(note, s.opts.Instance.CharactersReservedPerURL)
		if s.opts.gts() {
			n = CountGoToSocial(note)
		}
		if n > lim.note {
			s.invalid(c, fmt.Sprintf("Note is too long (maximum is %d characters)", lim.note))
			return
		}
	}
	fields, hasFields := fieldsFromForm(v)
	if hasFields {
		if len(fields) > s.opts.Instance.MaxProfileFields {
			s.invalid(c, fmt.Sprintf("Fields is too long (maximum is %d fields)", s.opts.Instance.MaxProfileFields))
			return
		}
		for _, fl := range fields {
			if utf8.RuneCountInString(fl.Name) > lim.fieldText || utf8.RuneCountInString(fl.Value) > lim.fieldText {
				s.invalid(c, fmt.Sprintf("Fields %q is too long (maximum is %d characters)", fl.Name, lim.fieldText))
				return
			}
		}
	}
	for _, kind := range []string{"avatar", "header"} {
		up := f.images[kind]
		if up == nil {
			continue
		}
		// Like Paperclip's spoof check, the content decides; the declared
		// type counts only when the bytes say nothing.
		ct := up.contentType
		if sniffed, _, _ := strings.Cut(http.DetectContentType(up.head), ";"); sniffed != "application/octet-stream" {
			ct = sniffed
		}
		label := strings.ToUpper(kind[:1]) + kind[1:]
		if !slices.Contains(profileImageTypes, ct) {
			s.invalid(c, fmt.Sprintf("%s content type is invalid (%s)", label, ct))
			return
		}
		if up.size > lim.image {
			s.invalid(c, fmt.Sprintf("%s file size must be less than %d MB", label, (lim.image+1)>>20))
			return
		}
	}

	a.displayName, a.note = name, note
	if hasFields {
		a.fields = fields
	}
	for kind, up := range f.images {
		img := &ProfileImage{FileName: up.name, ContentType: up.contentType, Size: up.size,
			URL: fmt.Sprintf("%s/system/accounts/%ss/%s/original/%s", s.base, kind, a.id, path.Base(up.name))}
		if kind == "avatar" {
			a.avatar = img
		} else {
			a.header = img
		}
	}

	j := s.renderAccount(a)
	j.Source = &sourceJSON{Privacy: "public", Note: a.note, Fields: j.Fields}
	writeJSON(c.w, http.StatusOK, j)
}
