package mastotest

import (
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

type media struct {
	id          string
	owner       *account
	kind        string // image, gifv, video, audio
	contentType string
	filename    string
	description string
	focusX      float64
	focusY      float64
	size        int64
	statusID    string
	createdAt   time.Time
	async       bool // processed in the background (202 → 206 … → 200)
	pollsLeft   int
	fails       bool
}

type mediaStateKind int

const (
	mediaReady mediaStateKind = iota
	mediaProcessing
	mediaFailed
)

func (s *Server) mediaState(m *media, now time.Time) mediaStateKind {
	if !m.async {
		return mediaReady
	}
	if m.pollsLeft > 0 || now.Before(m.createdAt.Add(s.opts.MediaDelay)) {
		return mediaProcessing
	}
	if m.fails {
		return mediaFailed
	}
	return mediaReady
}

func defaultMIMETypes() []string {
	return []string{
		"image/jpeg", "image/png", "image/gif", "image/heic", "image/heif", "image/webp", "image/avif",
		"video/webm", "video/mp4", "video/quicktime", "video/ogg",
		"audio/wave", "audio/wav", "audio/x-wav", "audio/x-pn-wave", "audio/vnd.wave", "audio/ogg",
		"audio/vorbis", "audio/mpeg", "audio/mp3", "audio/webm", "audio/flac", "audio/aac", "audio/m4a",
		"audio/x-m4a", "audio/mp4", "audio/3gpp", "video/x-ms-asf",
	}
}

var extTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
	".webp": "image/webp", ".heic": "image/heic", ".avif": "image/avif",
	".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm",
	".ogv": "video/ogg", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".wav": "audio/wav",
	".flac": "audio/flac", ".m4a": "audio/m4a", ".aac": "audio/aac",
}

// detectType uses the part's Content-Type, then the file extension, then
// the content itself.
func detectType(up *upload) string {
	ct := strings.ToLower(strings.TrimSpace(strings.Split(up.contentType, ";")[0]))
	if ct != "" && ct != "application/octet-stream" {
		return ct
	}
	if t, ok := extTypes[strings.ToLower(path.Ext(up.name))]; ok {
		return t
	}
	return strings.Split(http.DetectContentType(up.head), ";")[0]
}

func kindOf(ct string) string {
	switch {
	case ct == "image/gif":
		return "gifv"
	case strings.HasPrefix(ct, "image/"):
		return "image"
	case strings.HasPrefix(ct, "audio/"):
		return "audio"
	default:
		return "video"
	}
}

// parseFocus reads "x,y" like Ruby's String#to_f: garbage becomes 0.
func parseFocus(v string) (float64, float64) {
	xs, ys, _ := strings.Cut(v, ",")
	return rubyFloat(xs), rubyFloat(ys)
}

func rubyFloat(s string) float64 {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && strings.IndexByte("+-.0123456789eE", s[end]) >= 0 {
		end++
	}
	for ; end > 0; end-- {
		if f, err := strconv.ParseFloat(s[:end], 64); err == nil {
			return f
		}
	}
	return 0
}

func (s *Server) uploadMediaV2(c *call) { s.upload(c, !s.opts.gts()) }
func (s *Server) uploadMediaV1(c *call) { s.upload(c, false) }

// upload stores a file. asyncAllowed is true only for Mastodon's v2
// endpoint, where video, gifv and audio are processed in the background.
func (s *Server) upload(c *call, asyncAllowed bool) {
	up := c.p.file
	if up == nil {
		s.invalid(c, "File can't be blank")
		return
	}
	ct := detectType(up)
	if !slices.Contains(s.opts.Instance.SupportedMIMETypes, ct) {
		s.invalid(c, fmt.Sprintf("File content type is invalid (%s, file %q)", ct, up.name))
		return
	}
	kind := kindOf(ct)
	limit := s.opts.Instance.VideoSizeLimit
	if kind == "image" {
		limit = s.opts.Instance.ImageSizeLimit
	}
	if up.size > limit {
		s.invalid(c, "File file size must be less than "+humanSize(limit))
		return
	}
	desc := c.p.get("description")
	if n := s.opts.Instance.DescriptionLimit; utf8.RuneCountInString(desc) > n {
		s.invalid(c, "Description is too long (maximum is "+strconv.Itoa(n)+" characters)")
		return
	}
	if s.opts.gts() && kind == "video" && ct == "video/mp4" {
		kind = "gifv" // GoToSocial reports mp4 uploads as gifv.
	}
	fails := s.opts.MediaFails != nil && s.opts.MediaFails(up.name)
	async := asyncAllowed && kind != "image"
	if fails && !async {
		s.fail(c, http.StatusUnprocessableEntity, "Error processing thumbnail for uploaded media")
		return
	}
	now := s.now()
	m := &media{
		id: s.ids.next(now), owner: c.user, kind: kind, contentType: ct, filename: up.name,
		description: desc, size: up.size, createdAt: now, async: async, fails: fails,
	}
	m.focusX, m.focusY = parseFocus(c.p.get("focus"))
	if async {
		m.pollsLeft = s.opts.MediaPolls
	}
	s.media[m.id] = m
	code := http.StatusOK
	if async {
		code = http.StatusAccepted
	}
	writeJSON(c.w, code, s.renderMedia(m, now))
}

func humanSize(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n, 10) + " Bytes"
}

// ownMedia resolves :id to an upload of the caller, answering 404 itself.
func (s *Server) ownMedia(c *call) *media {
	m := s.media[c.r.PathValue("id")]
	if m == nil || m.owner != c.user {
		s.notFound(c)
		return nil
	}
	return m
}

// getMedia answers 206 while processing (each poll uses one of
// MediaPolls), 200 when done, 422 when processing failed.
func (s *Server) getMedia(c *call) {
	m := s.ownMedia(c)
	if m == nil {
		return
	}
	s.answerMedia(c, m, true)
}

func (s *Server) answerMedia(c *call, m *media, poll bool) {
	now := s.now()
	switch s.mediaState(m, now) {
	case mediaProcessing:
		writeJSON(c.w, http.StatusPartialContent, s.renderMedia(m, now))
		if poll && m.pollsLeft > 0 {
			m.pollsLeft--
		}
	case mediaFailed:
		s.fail(c, http.StatusUnprocessableEntity, "Error processing thumbnail for uploaded media")
	default:
		writeJSON(c.w, http.StatusOK, s.renderMedia(m, now))
	}
}

func (s *Server) updateMedia(c *call) {
	m := s.ownMedia(c)
	if m == nil {
		return
	}
	if m.statusID != "" {
		s.notFound(c)
		return
	}
	if c.p.has("description") {
		desc := c.p.get("description")
		if n := s.opts.Instance.DescriptionLimit; utf8.RuneCountInString(desc) > n {
			s.invalid(c, "Description is too long (maximum is "+strconv.Itoa(n)+" characters)")
			return
		}
		m.description = desc
	}
	if c.p.has("focus") {
		m.focusX, m.focusY = parseFocus(c.p.get("focus"))
	}
	s.answerMedia(c, m, false)
}

type mediaJSON struct {
	ID               string         `json:"id"`
	Type             string         `json:"type"`
	URL              *string        `json:"url"`
	PreviewURL       *string        `json:"preview_url"`
	RemoteURL        *string        `json:"remote_url"`
	PreviewRemoteURL *string        `json:"preview_remote_url"`
	TextURL          *string        `json:"text_url"`
	Meta             map[string]any `json:"meta"`
	Description      *string        `json:"description"`
	Blurhash         *string        `json:"blurhash"`
}

func (s *Server) renderMedia(m *media, now time.Time) *mediaJSON {
	j := &mediaJSON{ID: m.id, Type: m.kind, Meta: map[string]any{"focus": map[string]float64{"x": m.focusX, "y": m.focusY}}}
	if m.description != "" {
		j.Description = &m.description
	}
	preview := s.base + "/system/media_attachments/files/small/" + m.id + ".png"
	j.PreviewURL = &preview
	if s.mediaState(m, now) == mediaReady {
		u := s.base + "/system/media_attachments/files/original/" + m.id + path.Ext(m.filename)
		j.URL = &u
	}
	return j
}
