package importer

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/fledge-cli/fledge/archive"
)

// MediaIssue is a media file that will not be attached, and why. The
// post goes out without it unless --strict-media makes the whole tweet
// fail.
type MediaIssue struct {
	TweetID string `json:"tweet_id"`
	File    string `json:"file"` // archive path, or the remote URL when the archive lacks the file
	Reason  string `json:"reason"`
}

// SizeFunc reports the size of a file inside the archive.
type SizeFunc func(file string) (int64, error)

// contentTypes maps the extensions Twitter archives use to MIME types.
var contentTypes = map[string]string{
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".gif":  "image/gif",
	".webp": "image/webp",
	".mp4":  "video/mp4",
	".m4v":  "video/mp4",
	".mov":  "video/quicktime",
	".webm": "video/webm",
}

// mediaContentType guesses a file's MIME type from its extension; "" if
// unknown.
func mediaContentType(file string) string {
	return contentTypes[strings.ToLower(path.Ext(file))]
}

// IsVisualVideo reports whether an attachment counts as video for
// Mastodon's rule that video is never mixed with other media.
func IsVisualVideo(m PlannedMedia) bool {
	return m.Type == "video" || m.Type == "animated_gif" || strings.HasPrefix(m.ContentType, "video/")
}

// checkMedia turns one archive media item into an attachment, or says why
// it cannot be one: missing from the archive, unknown or unaccepted type,
// or larger than the server takes.
func checkMedia(m archive.Media, s ServerTraits, size SizeFunc) (PlannedMedia, string) {
	if m.File == "" {
		return PlannedMedia{}, "file not in the archive"
	}
	ct := mediaContentType(m.File)
	if ct == "" {
		return PlannedMedia{}, fmt.Sprintf("unknown file type %q", path.Ext(m.File))
	}
	if len(s.SupportedMIME) > 0 && !slices.Contains(s.SupportedMIME, ct) {
		return PlannedMedia{}, fmt.Sprintf("the server does not accept %s", ct)
	}
	pm := PlannedMedia{File: m.File, Type: m.Type, ContentType: ct}
	if size != nil {
		n, err := size(m.File)
		if err != nil {
			return PlannedMedia{}, fmt.Sprintf("cannot read the file: %v", err)
		}
		pm.Size = n
		limit := s.ImageSizeLimit
		if strings.HasPrefix(ct, "video/") {
			limit = s.VideoSizeLimit
		}
		if limit > 0 && n > limit {
			return PlannedMedia{}, fmt.Sprintf("%d bytes is over the server's limit of %d", n, limit)
		}
		if n == 0 {
			return PlannedMedia{}, "the file is empty"
		}
	}
	return pm, ""
}

// groupMedia splits a tweet's attachments into posts: images together up
// to max per post, every video or GIF alone (Mastodon refuses a video
// beside anything else), keeping the tweet's order.
func groupMedia(ms []PlannedMedia, max int) [][]PlannedMedia {
	if max < 1 {
		max = 1
	}
	var groups [][]PlannedMedia
	for _, m := range ms {
		video := IsVisualVideo(m)
		last := len(groups) - 1
		if !video && last >= 0 && len(groups[last]) < max && !IsVisualVideo(groups[last][0]) {
			groups[last] = append(groups[last], m)
			continue
		}
		groups = append(groups, []PlannedMedia{m})
	}
	return groups
}

// fitAlt shortens alt text longer than the server's description limit at
// a rune boundary, marking the cut. Only alt text is ever shortened; a
// post's text is split, never cut.
func fitAlt(alt string, max int) string {
	alt = strings.TrimSpace(alt)
	if max <= 0 {
		return alt
	}
	r := []rune(alt)
	if len(r) <= max {
		return alt
	}
	return string(r[:max-1]) + "…"
}
