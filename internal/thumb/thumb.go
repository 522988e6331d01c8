package thumb

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"io"
)

// JPEG reads one picture from r (see Decode) and returns it as a JPEG of
// the given quality, at most side pixels on its long side, with its size.
func JPEG(r io.Reader, lim Limits, side, quality int) (jpg []byte, w, h int, err error) {
	img, err := Decode(r, lim)
	if err != nil {
		return nil, 0, 0, err
	}
	small := Scale(img, side)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, small, &jpeg.Options{Quality: quality}); err != nil {
		return nil, 0, 0, fmt.Errorf("encoding the thumbnail: %w", err)
	}
	b := small.Bounds()
	return out.Bytes(), b.Dx(), b.Dy(), nil
}
