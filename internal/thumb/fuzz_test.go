package thumb

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// fuzzLimits keep a fuzz input from making the decoders allocate more
// than a few megabytes.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxDecoded: 4 << 20}

// fuzzSeeds are pictures of every format, and hostile headers: huge
// dimensions, cut files, a WebP canvas hiding a larger picture.
func fuzzSeeds(f *testing.F) {
	webp := webpFile("VP8L", vp8lSolid(40, 30, color.NRGBA{9, 99, 199, 255}))
	for _, b := range [][]byte{
		encodeJPEG(f, testPicture(40, 30, 6)),
		encodePNG(f, testPicture(20, 50, 7)),
		encodeGIF(f, 30, 30),
		pngHeader(5000, 5000),
		jpegDeclaring(f, 3000, 3000),
		patchSOF0(f, encodeJPEG(f, testPicture(40, 30, 6)), 0xc2, 0x11),
		webp,
		webp[:len(webp)-5],
		webpFile("VP8L", vp8lSolid(2000, 2000, color.NRGBA{})),
		webpFile("VP8X", vp8xChunk(40, 30, true), "VP8L", vp8lSolid(40, 30, color.NRGBA{})),
		webpFile("VP8X", vp8xChunk(4, 3, false), "VP8L", vp8lSolid(4000, 3000, color.NRGBA{})),
		webpFile("VP8 ", vp8KeyFrame(300, 200)),
		webpFile("VP8 ", vp8KeyFrame(16383, 16383)),
		[]byte("GIF89a"),
		[]byte("RIFF\xff\xff\xff\xffWEBPVP8L"),
		{0xff, 0xd8, 0xff},
	} {
		f.Add(b)
	}
}

// FuzzDecode: whatever the header says, Decode refuses or returns a
// picture within the limits and within the size the header declared, so
// the guard checked the picture that was decoded.
func FuzzDecode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Decode(bytes.NewReader(data), fuzzLimits)
		if err != nil {
			if img != nil {
				t.Fatal("error with a picture")
			}
			return
		}
		b := img.Bounds()
		if b.Empty() || int64(b.Dx())*int64(b.Dy()) > fuzzLimits.MaxPixels {
			t.Fatalf("decoded %v, over the limit of %d pixels", b, fuzzLimits.MaxPixels)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || b.Dx() > cfg.Width || b.Dy() > cfg.Height {
			t.Fatalf("decoded %v, header declares %d×%d (%v)", b, cfg.Width, cfg.Height, err)
		}
	})
}

func FuzzThumbnail(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		jpg, w, h, err := JPEG(bytes.NewReader(data), fuzzLimits, testSide, 70)
		if err != nil {
			if jpg != nil {
				t.Fatal("error with a thumbnail")
			}
			return
		}
		if w < 1 || h < 1 || w > testSide || h > testSide {
			t.Fatalf("thumbnail of %d×%d", w, h)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(jpg))
		if err != nil || cfg.Width != w || cfg.Height != h {
			t.Fatalf("thumbnail does not decode as %d×%d: %v %v", w, h, cfg, err)
		}
	})
}
