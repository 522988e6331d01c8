package thumb

import (
	"encoding/binary"
	"image"
)

// webpDecodeMemory reads the RIFF header at the start of a WebP file and
// returns the file length it declares and the bytes golang.org/x/image/webp
// allocates to decode it. The first chunk tells the kind of picture:
//
//   - "VP8 " (lossy): YCbCr 4:2:0 planes padded to 16-pixel
//     macroblocks, 1.5 bytes a pixel;
//   - "VP8L" (lossless): NRGBA, 4 bytes a pixel, and its colour-indexing
//     transform writes a second copy: 8;
//   - "VP8X" (extended): the picture chunk comes later, lossy with an
//     alpha plane (whose lossless coding decodes through an NRGBA image)
//     or lossless; DecodeConfig stops before it, so take the worse, 8.
func webpDecodeMemory(head []byte, cfg image.Config) (size, mem int64) {
	w, h := int64(cfg.Width), int64(cfg.Height)
	mem = w * h * 8
	if len(head) < 16 {
		return 0, mem
	}
	size = int64(binary.LittleEndian.Uint32(head[4:])) + 8
	if string(head[12:16]) == "VP8 " {
		pw, ph := (w+15)/16*16, (h+15)/16*16
		mem = pw * ph * 3 / 2
	}
	return size, mem
}
