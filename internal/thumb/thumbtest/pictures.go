// Package thumbtest makes test pictures (photo-like gradients in JPEG, PNG
// and GIF, and a PNG header declaring a decompression bomb) for the tests
// of internal/thumb and of the preview that uses it, so both build them
// one way.
package thumbtest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"
)

// Picture is a w×h gradient with some noise, so encoders and the
// scaler work on something like a photo rather than a flat colour.
func Picture(w, h int, seed uint64) *image.NRGBA {
	r := rand.New(rand.NewPCG(seed, 1))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			n := uint8(r.IntN(32))
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128 + n, 255})
		}
	}
	return img
}

// JPEG encodes img at quality 85.
func JPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// PNG encodes img.
func PNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// GIF writes a two-frame animation; a thumbnail shows the first.
func GIF(t testing.TB, w, h int) []byte {
	t.Helper()
	first := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
	second := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
	red, blue := uint8(first.Palette.Index(color.RGBA{255, 0, 0, 255})), uint8(first.Palette.Index(color.RGBA{0, 0, 255, 255}))
	for i := range first.Pix {
		first.Pix[i], second.Pix[i] = red, blue
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, &gif.GIF{Image: []*image.Paletted{first, second}, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// PNGHeader is a PNG signature and IHDR declaring w×h 8-bit RGBA, with
// no pixel data: what a decompression bomb's header looks like.
func PNGHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}
