package profile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/fledge-cli/fledge/importer/job"
)

// planImage checks one avatar or header from the archive against the
// server's limits and the journal.
func planImage(src Source, kind, file, remote, current string, off bool, maxSize int64, types []string, j job.Journal) Change {
	c := Change{Item: kind, Before: current}
	switch {
	case off:
		c.Action, c.Reason, c.Detail = ActionSkipped, ReasonNotWanted, "not requested"
		return c
	case strings.Contains(remote, "/default_profile_images/"):
		// Twitter's placeholder is not worth copying.
		c.Action, c.Reason, c.Detail = ActionSkipped, ReasonDefault, "Twitter's default image"
		return c
	case file == "":
		c.Action, c.Reason = ActionSkipped, ReasonNotInArchive
		c.Detail = fmt.Sprintf("profile_media/ has no file for %s", remote)
		return c
	}
	img, err := inspectImage(src, kind, file)
	if err != nil {
		c.Action, c.Reason, c.Detail = ActionSkipped, ReasonNotInArchive, err.Error()
		return c
	}
	c.Image = img
	c.After = fmt.Sprintf("%s (%s)", path.Base(file), humanBytes(img.Size))
	switch {
	case len(types) > 0 && !slices.Contains(types, img.ContentType):
		c.Action, c.Reason = ActionSkipped, ReasonBadType
		c.Detail = fmt.Sprintf("it is %s; the server takes %s", img.ContentType, strings.Join(types, ", "))
	case maxSize > 0 && img.Size > maxSize:
		c.Action, c.Reason = ActionSkipped, ReasonTooLarge
		c.Detail = fmt.Sprintf("it is %s; the server takes at most %s", humanBytes(img.Size), humanBytes(maxSize))
	case j != nil && imageDone(j, img):
		c.Action, c.Reason = ActionUnchanged, ReasonAlreadySet
		c.Detail = "fledge already set this image"
		c.After = current
	default:
		c.Action = ActionSet
	}
	return c
}

// inspectImage reads the file once for its hash and type. The type comes
// from the content: Twitter names every banner ".jpg" whatever it holds.
func inspectImage(src Source, kind, file string) (*Image, error) {
	rc, _, err := src.Open(file)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", kind, file, err)
	}
	defer rc.Close()
	h := sha256.New()
	head := make([]byte, 512)
	n, err := io.ReadFull(rc, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("%s %s: %w", kind, file, err)
	}
	h.Write(head[:n])
	rest, err := io.Copy(h, rc)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", kind, file, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%s %s: the file is empty", kind, file)
	}
	ct, _, _ := strings.Cut(http.DetectContentType(head[:n]), ";")
	open := src.Open
	return &Image{
		Kind: kind, File: file, Size: int64(n) + rest, ContentType: ct,
		SHA256: hex.EncodeToString(h.Sum(nil)),
		open: func() (io.ReadCloser, error) {
			rc, _, err := open(file)
			return rc, err
		},
	}, nil
}

// imageKey is the journal key of one image: the same file set twice is
// one key, a different file a new one.
func imageKey(img *Image) string {
	return img.Kind + ":sha256:" + img.SHA256
}

func imageDone(j job.Journal, img *Image) bool {
	_, ok := j.Outcome(imageKey(img))
	return ok
}

// humanBytes formats a size for people: 812 B, 45.3 KB, 2.0 MB.
func humanBytes(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
}
