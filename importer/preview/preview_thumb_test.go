package preview

import (
	"bytes"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/thumb/thumbtest"
)

// The pictures come from thumbtest, shared with the preview's tests.
var (
	testPicture = thumbtest.Picture
	encodeJPEG  = thumbtest.JPEG
	encodePNG   = thumbtest.PNG
	encodeGIF   = thumbtest.GIF
	pngHeader   = thumbtest.PNGHeader
)

// TestThumbnailPreviewSettings: the preview's thumbnails are JPEGs at
// most thumbSide on a side, and its limits refuse a bomb by its header
// (internal/thumb tests the formats and the guard in full).
func TestThumbnailPreviewSettings(t *testing.T) {
	jpg, w, h, err := thumbnail(bytes.NewReader(encodePNG(t, testPicture(480, 360, 1))), previewThumbLimits)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(jpg))
	if err != nil || w != thumbSide || h != 120 || cfg.Width != w || cfg.Height != h {
		t.Fatalf("thumbnail %d×%d, decodes as %v (%v); want %d×120", w, h, cfg, err, thumbSide)
	}
	if _, _, _, err := thumbnail(bytes.NewReader(pngHeader(100_000, 100_000)), previewThumbLimits); err == nil || !strings.Contains(err.Error(), "over the preview limit of 40 megapixels") {
		t.Fatalf("png bomb: %v", err)
	}
}
