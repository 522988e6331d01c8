package preview

import (
	"io"

	"github.com/fledge-cli/fledge/internal/thumb"
)

const (
	// thumbSide is the longest side of a thumbnail, in pixels.
	thumbSide = 160
	// thumbQuality is the JPEG quality of thumbnails: small files, and
	// at 160 px the artefacts do not show.
	thumbQuality = 70
)

// thumbLimits bound what one thumbnail may cost (see thumb.Limits).
type thumbLimits = thumb.Limits

// previewThumbLimits: archive photos are at most 4096 px on a side, so
// these only refuse what is not a Twitter photo.
var previewThumbLimits = thumbLimits{MaxBytes: 20 << 20, MaxPixels: 40_000_000, MaxDecoded: 160 << 20}

// thumbnail reads one JPEG, PNG, GIF (first frame) or WebP from r and
// returns it as a JPEG at most thumbSide pixels on its long side, with
// its size. A picture over lim is refused by its header.
func thumbnail(r io.Reader, lim thumbLimits) (jpg []byte, w, h int, err error) {
	return thumb.JPEG(r, lim, thumbSide, thumbQuality)
}
