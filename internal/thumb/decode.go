package thumb

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"

	// Registered for image.Decode: the formats Twitter archives and
	// Mastodon hold pictures in.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/webp"
)

// Limits bound what one picture may cost. They are checked on the
// header before the picture is decoded, so a small file declaring a huge
// picture (a decompression bomb) is refused without allocating it.
type Limits struct {
	MaxBytes   int64 // of the file read
	MaxPixels  int64 // width × height
	MaxDecoded int64 // estimated memory of the decoded picture
}

// ErrOverSize is returned for a file larger than Limits.MaxBytes.
var ErrOverSize = errors.New("file too large to preview")

// Decode reads one JPEG, PNG, GIF (first frame) or WebP picture from r,
// refusing it by its header when it is over lim. r is read once, front to
// back; only the header is kept to read twice.
func Decode(r io.Reader, lim Limits) (image.Image, error) {
	cr := &cappedReader{r: r, limit: lim.MaxBytes, left: lim.MaxBytes}
	// DecodeConfig reads through a recorder; Decode then reads the
	// recording followed by the rest of the stream.
	var head bytes.Buffer
	cfg, format, err := image.DecodeConfig(bufio.NewReader(io.TeeReader(cr, &head)))
	if err != nil {
		return nil, decodeError(cr, err)
	}
	if err := checkConfig(cfg, format, head.Bytes(), lim); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(io.MultiReader(&head, cr))
	if err != nil || cr.over {
		// A decoder may finish within the bytes read ahead past the
		// cap; the file is still over it.
		return nil, decodeError(cr, err)
	}
	return img, nil
}

// checkConfig refuses pictures too big to decode safely; head is the
// start of the file, as far as DecodeConfig read it.
func checkConfig(cfg image.Config, format string, head []byte, lim Limits) error {
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("%s image of %d×%d pixels is empty", format, cfg.Width, cfg.Height)
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > lim.MaxPixels {
		return fmt.Errorf("%s image of %d×%d pixels is over the preview limit of %d megapixels", format, cfg.Width, cfg.Height, lim.MaxPixels/1_000_000)
	}
	mem := px * bytesPerPixel(cfg.ColorModel)
	switch format {
	case "jpeg":
		if m, ok := jpegDecodeMemory(head); ok {
			mem = m
		}
	case "webp":
		size, m := webpDecodeMemory(head, cfg)
		// The decoder sizes buffers by the chunk lengths the file
		// declares, before reading them; the file's own length
		// bounds them all.
		if size > lim.MaxBytes {
			return fmt.Errorf("%w: webp file declares %d MB, over the preview limit of %d MB", ErrOverSize, size>>20, lim.MaxBytes>>20)
		}
		mem = m
	}
	if mem > lim.MaxDecoded {
		return fmt.Errorf("%s image of %d×%d pixels needs %d MB to decode, over the preview limit of %d MB", format, cfg.Width, cfg.Height, mem>>20, lim.MaxDecoded>>20)
	}
	return nil
}

// bytesPerPixel estimates the memory a decoder allocates per pixel for
// a colour model (YCbCr as 4:4:4, the worst case; JPEG and WebP are
// measured more closely from their headers).
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
		return fmt.Errorf("%w: over the preview limit of %d MB", ErrOverSize, cr.limit>>20)
	case errors.Is(err, image.ErrFormat):
		return errors.New("not a JPEG, PNG, GIF or WebP image")
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
		return 0, ErrOverSize
	}
	// Read one byte past the cap, to tell "exactly the cap" from "more".
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		c.over = true
		return n, ErrOverSize
	}
	return n, err
}
