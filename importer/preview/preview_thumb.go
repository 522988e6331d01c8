package preview

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"

	// Registered for image.Decode: the formats Twitter archives hold
	// pictures in. WebP would need golang.org/x/image, which we do not
	// depend on; WebP files get a placeholder.
	_ "image/gif"
	_ "image/png"
)

const (
	// thumbSide is the longest side of a thumbnail, in pixels.
	thumbSide = 160
	// thumbQuality is the JPEG quality of thumbnails: small files, and
	// at 160 px the artefacts do not show.
	thumbQuality = 70
)

// thumbLimits bound what one thumbnail may cost. They are checked on the
// header before the image is decoded, so a small file declaring a huge
// picture (a decompression bomb) is refused without allocating it.
type thumbLimits struct {
	MaxBytes   int64 // of the file read
	MaxPixels  int64 // width × height
	MaxDecoded int64 // estimated memory of the decoded picture
}

// previewThumbLimits: archive photos are at most 4096 px on a side, so
// these only refuse what is not a Twitter photo.
var previewThumbLimits = thumbLimits{MaxBytes: 20 << 20, MaxPixels: 40_000_000, MaxDecoded: 160 << 20}

// errOverSize: the file is larger than thumbLimits.MaxBytes.
var errOverSize = errors.New("file too large to preview")

// thumbnail reads one JPEG, PNG or GIF (first frame) from r and returns
// it as a JPEG at most thumbSide pixels on its long side, with its size.
// r is read once, front to back; only the header is kept to read twice.
func thumbnail(r io.Reader, lim thumbLimits) (jpg []byte, w, h int, err error) {
	cr := &cappedReader{r: r, limit: lim.MaxBytes, left: lim.MaxBytes}
	// DecodeConfig reads through a recorder; Decode then reads the
	// recording followed by the rest of the stream.
	var head bytes.Buffer
	cfg, format, err := image.DecodeConfig(bufio.NewReader(io.TeeReader(cr, &head)))
	if err != nil {
		return nil, 0, 0, decodeError(cr, err)
	}
	mem := int64(cfg.Width) * int64(cfg.Height) * bytesPerPixel(cfg.ColorModel)
	if format == "jpeg" {
		if m, ok := jpegDecodeMemory(head.Bytes()); ok {
			mem = m
		}
	}
	if err := checkConfig(cfg, format, mem, lim); err != nil {
		return nil, 0, 0, err
	}
	img, _, err := image.Decode(io.MultiReader(&head, cr))
	if err != nil || cr.over {
		// A decoder may finish within the bytes read ahead past the
		// cap; the file is still over it.
		return nil, 0, 0, decodeError(cr, err)
	}
	small := downscale(img, thumbSide)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, small, &jpeg.Options{Quality: thumbQuality}); err != nil {
		return nil, 0, 0, fmt.Errorf("encoding the thumbnail: %w", err)
	}
	b := small.Bounds()
	return out.Bytes(), b.Dx(), b.Dy(), nil
}

// checkConfig refuses pictures too big to decode safely; mem is the
// estimated memory to decode it.
func checkConfig(cfg image.Config, format string, mem int64, lim thumbLimits) error {
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("%s image of %d×%d pixels is empty", format, cfg.Width, cfg.Height)
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > lim.MaxPixels {
		return fmt.Errorf("%s image of %d×%d pixels is over the preview limit of %d megapixels", format, cfg.Width, cfg.Height, lim.MaxPixels/1_000_000)
	}
	if mem > lim.MaxDecoded {
		return fmt.Errorf("%s image of %d×%d pixels needs %d MB to decode, over the preview limit of %d MB", format, cfg.Width, cfg.Height, mem>>20, lim.MaxDecoded>>20)
	}
	return nil
}

// bytesPerPixel estimates the memory a decoder allocates per pixel for
// a colour model (YCbCr as 4:4:4, the worst case; JPEGs are measured
// more closely by jpegDecodeMemory).
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.Gray16Model:
		return 2
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.YCbCrModel:
		return 3
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// decodeError says why a picture could not be read.
func decodeError(cr *cappedReader, err error) error {
	switch {
	case cr.over:
		return fmt.Errorf("%w: over the preview limit of %d MB", errOverSize, cr.limit>>20)
	case errors.Is(err, image.ErrFormat):
		return errors.New("not a JPEG, PNG or GIF image")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errors.New("image is truncated")
	}
	return fmt.Errorf("image is corrupt: %w", err)
}

// cappedReader fails once more than left bytes have been read.
type cappedReader struct {
	r     io.Reader
	limit int64
	left  int64
	over  bool
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		c.over = true
		return 0, errOverSize
	}
	// Read one byte past the cap, to tell "exactly the cap" from "more".
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		c.over = true
		return n, errOverSize
	}
	return n, err
}
