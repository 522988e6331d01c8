package preview

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// testPicture is a w×h gradient with some noise, so encoders and the
// scaler work on something like a photo rather than a flat colour.
func testPicture(w, h int, seed uint64) *image.NRGBA {
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

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// encodeGIF writes a two-frame animation; a thumbnail shows the first.
func encodeGIF(t testing.TB, w, h int) []byte {
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

// pngHeader is a PNG signature and IHDR declaring w×h 8-bit RGBA, with
// no pixel data: what a decompression bomb's header looks like.
func pngHeader(w, h uint32) []byte {
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

// jpegDeclaring rewrites a JPEG's frame header to claim w×h pixels.
func jpegDeclaring(t testing.TB, w, h uint16) []byte {
	t.Helper()
	b := encodeJPEG(t, testPicture(16, 16, 1))
	i := bytes.Index(b, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 marker in the test JPEG")
	}
	binary.BigEndian.PutUint16(b[i+5:], h)
	binary.BigEndian.PutUint16(b[i+7:], w)
	return b
}

func TestThumbnailFormats(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 500, 200))
	deep := image.NewNRGBA64(image.Rect(0, 0, 170, 171))
	tests := []struct {
		name       string
		data       []byte
		wantW      int
		wantH      int
		wantColour color.RGBA // of the thumbnail's centre, ±24 per channel
	}{
		{"jpeg landscape", encodeJPEG(t, testPicture(480, 360, 1)), 160, 120, color.RGBA{127, 127, 143, 255}},
		{"png portrait", encodePNG(t, testPicture(200, 600, 2)), 53, 160, color.RGBA{127, 127, 143, 255}},
		{"gif first frame", encodeGIF(t, 400, 100), 160, 40, color.RGBA{255, 0, 0, 255}},
		{"small png keeps its size", encodePNG(t, testPicture(90, 60, 3)), 90, 60, color.RGBA{127, 127, 143, 255}},
		{"transparent png on white", encodePNG(t, image.NewNRGBA(image.Rect(0, 0, 200, 200))), 160, 160, color.RGBA{255, 255, 255, 255}},
		{"gray jpeg", encodeJPEG(t, gray), 160, 64, color.RGBA{0, 0, 0, 255}},
		{"16-bit png", encodePNG(t, deep), 159, 160, color.RGBA{255, 255, 255, 255}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jpg, w, h, err := thumbnail(bytes.NewReader(tt.data), previewThumbLimits)
			if err != nil {
				t.Fatal(err)
			}
			if w != tt.wantW || h != tt.wantH {
				t.Errorf("thumbnail is %d×%d, want %d×%d", w, h, tt.wantW, tt.wantH)
			}
			img, err := jpeg.Decode(bytes.NewReader(jpg))
			if err != nil {
				t.Fatalf("thumbnail is not a JPEG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != w || b.Dy() != h || w > thumbSide || h > thumbSide {
				t.Errorf("decoded thumbnail is %v, reported %d×%d", b, w, h)
			}
			r, g, b, _ := img.At(w/2, h/2).RGBA()
			got := [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
			want := [3]int{int(tt.wantColour.R), int(tt.wantColour.G), int(tt.wantColour.B)}
			for i := range got {
				if d := got[i] - want[i]; d < -24 || d > 24 {
					t.Errorf("centre colour %v, want about %v", got, want)
					break
				}
			}
		})
	}
}

// TestDownscaleAverages checks the filter is an area average: a 1-pixel
// checkerboard halved must be flat grey, where nearest-neighbour would
// keep one colour and drop the other.
func TestDownscaleAverages(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 320, 320))
	for y := 0; y < 320; y++ {
		for x := 0; x < 320; x++ {
			if (x+y)%2 == 0 {
				src.SetGray(x, y, color.Gray{255})
			}
		}
	}
	dst := downscale(src, 160)
	if b := dst.Bounds(); b.Dx() != 160 || b.Dy() != 160 {
		t.Fatalf("downscaled to %v", b)
	}
	for i := 0; i < len(dst.Pix); i += 4 {
		if v := dst.Pix[i]; v < 127 || v > 128 || dst.Pix[i+3] != 255 {
			t.Fatalf("pixel %d is %v, want flat grey", i/4, dst.Pix[i:i+4])
		}
	}
}

// TestDownscaleOffsetBounds: sub-images start away from (0,0).
func TestDownscaleOffsetBounds(t *testing.T) {
	full := image.NewRGBA(image.Rect(0, 0, 400, 400))
	for i := range full.Pix {
		full.Pix[i] = 255
	}
	sub := full.SubImage(image.Rect(50, 70, 370, 230)).(*image.RGBA)
	dst := downscale(sub, 160)
	if b := dst.Bounds(); b.Dx() != 160 || b.Dy() != 80 {
		t.Fatalf("downscaled to %v, want 160×80", b)
	}
	if dst.Pix[0] != 255 || dst.Pix[len(dst.Pix)-4] != 255 {
		t.Error("corners are not white")
	}
}

func TestFitBox(t *testing.T) {
	tests := []struct{ w, h, side, ww, wh int }{
		{100, 100, 160, 100, 100},
		{160, 160, 160, 160, 160},
		{1600, 1200, 160, 160, 120},
		{1200, 1600, 160, 120, 160},
		{100000, 1, 160, 160, 1},
		{1, 100000, 160, 1, 160},
		{161, 100, 160, 160, 99},
	}
	for _, tt := range tests {
		if w, h := fitBox(tt.w, tt.h, tt.side); w != tt.ww || h != tt.wh {
			t.Errorf("fitBox(%d, %d, %d) = %d×%d, want %d×%d", tt.w, tt.h, tt.side, w, h, tt.ww, tt.wh)
		}
	}
}

func TestThumbnailRefuses(t *testing.T) {
	good := encodeJPEG(t, testPicture(200, 100, 4))
	goodPNG := encodePNG(t, testPicture(200, 100, 4))
	tests := []struct {
		name string
		data []byte
		lim  thumbLimits
		want string
	}{
		{"not an image", []byte("this is a text file, not a picture"), previewThumbLimits, "not a JPEG, PNG or GIF image"},
		{"empty file", nil, previewThumbLimits, "not a JPEG, PNG or GIF image"},
		{"truncated jpeg", good[:len(good)/2], previewThumbLimits, "image is corrupt: invalid JPEG format"},
		{"png cut in its header", goodPNG[:30], previewThumbLimits, "image is truncated"},
		{"png bomb", pngHeader(100_000, 100_000), previewThumbLimits, "over the preview limit of 40 megapixels"},
		{"jpeg bomb", jpegDeclaring(t, 65000, 65000), previewThumbLimits, "over the preview limit of 40 megapixels"},
		{"zero width", pngHeader(0, 10), previewThumbLimits, "corrupt"},
		{"over the byte cap", good, thumbLimits{MaxBytes: 1000, MaxPixels: 1e6, MaxDecoded: 1 << 30}, "over the preview limit of 0 MB"},
		{"over the memory estimate", good, thumbLimits{MaxBytes: 1 << 20, MaxPixels: 1e6, MaxDecoded: 1000}, "needs 0 MB to decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jpg, _, _, err := thumbnail(bytes.NewReader(tt.data), tt.lim)
			if err == nil {
				t.Fatalf("made a %d-byte thumbnail, want an error", len(jpg))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to say %q", err, tt.want)
			}
		})
	}
}

// TestThumbnailExactCap: a file exactly at the byte cap is read whole.
func TestThumbnailExactCap(t *testing.T) {
	data := encodePNG(t, testPicture(40, 40, 5))
	lim := previewThumbLimits
	lim.MaxBytes = int64(len(data))
	if _, _, _, err := thumbnail(bytes.NewReader(data), lim); err != nil {
		t.Fatal(err)
	}
	lim.MaxBytes--
	if _, _, _, err := thumbnail(bytes.NewReader(data), lim); !errors.Is(err, errOverSize) {
		t.Fatalf("one byte over the cap: %v, want errOverSize", err)
	}
}

// TestThumbnailBombDoesNotAllocate: refusing a picture by its header
// must not allocate the picture.
func TestThumbnailBombDoesNotAllocate(t *testing.T) {
	for _, data := range [][]byte{pngHeader(30_000, 30_000), jpegDeclaring(t, 60000, 60000)} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _, _, err := thumbnail(bytes.NewReader(data), previewThumbLimits)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Fatal("bomb accepted")
		}
		// Generous: other goroutines allocate too; the bomb would
		// need gigabytes.
		if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
			t.Errorf("refusing a %d-byte bomb allocated %d bytes", len(data), n)
		}
	}
}

// fuzzThumbLimits keep a fuzz input from making the decoders allocate
// more than a few megabytes.
var fuzzThumbLimits = thumbLimits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxDecoded: 4 << 20}

func FuzzThumbnail(f *testing.F) {
	f.Add(encodeJPEG(f, testPicture(40, 30, 6)))
	f.Add(encodePNG(f, testPicture(20, 50, 7)))
	f.Add(encodeGIF(f, 30, 30))
	f.Add(pngHeader(5000, 5000))
	f.Add(jpegDeclaring(f, 3000, 3000))
	f.Add(patchSOF0(f, encodeJPEG(f, testPicture(40, 30, 6)), 0xc2, 0x11))
	f.Add([]byte("GIF89a"))
	f.Add([]byte{0xff, 0xd8, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		jpg, w, h, err := thumbnail(bytes.NewReader(data), fuzzThumbLimits)
		if err != nil {
			if jpg != nil {
				t.Fatal("error with a thumbnail")
			}
			return
		}
		if w < 1 || h < 1 || w > thumbSide || h > thumbSide {
			t.Fatalf("thumbnail of %d×%d", w, h)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(jpg))
		if err != nil || cfg.Width != w || cfg.Height != h {
			t.Fatalf("thumbnail does not decode as %d×%d: %v %v", w, h, cfg, err)
		}
	})
}

// BenchmarkThumbnailJPEG2MP: a 1632×1224 photo, the common size of a
// phone picture in a Twitter archive.
func BenchmarkThumbnailJPEG2MP(b *testing.B) {
	data := encodeJPEG(b, testPicture(1632, 1224, 8))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := thumbnail(bytes.NewReader(data), previewThumbLimits); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "thumbs/s")
}

// TestDownscaleYCbCr: summing JPEG's YCbCr planes directly gives the
// picture the RGB path gives, for every chroma subsampling and for a
// sub-image starting on an odd pixel. The values stay inside the RGB
// cube, where the two agree up to rounding (outside it, the RGB path
// clamps each pixel and the YCbCr path only the mean).
func TestDownscaleYCbCr(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	}
	r := rand.New(rand.NewPCG(9, 9))
	for _, ratio := range ratios {
		full := image.NewYCbCr(image.Rect(0, 0, 403, 301), ratio)
		for i := range full.Y {
			full.Y[i] = uint8(64 + r.IntN(128))
		}
		for i := range full.Cb {
			full.Cb[i], full.Cr[i] = uint8(112+r.IntN(32)), uint8(112+r.IntN(32))
		}
		for _, img := range []*image.YCbCr{full, full.SubImage(image.Rect(3, 5, 400, 298)).(*image.YCbCr)} {
			got := downscale(img, 100)
			rgba := image.NewRGBA(img.Bounds())
			for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
				for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
					rgba.Set(x, y, img.At(x, y))
				}
			}
			want := downscale(rgba, 100)
			if got.Bounds() != want.Bounds() {
				t.Fatalf("%v %v: bounds %v, want %v", ratio, img.Bounds(), got.Bounds(), want.Bounds())
			}
			for i := range got.Pix {
				if d := int(got.Pix[i]) - int(want.Pix[i]); d < -2 || d > 2 {
					t.Fatalf("%v %v: byte %d is %d, RGB path gives %d", ratio, img.Bounds(), i, got.Pix[i], want.Pix[i])
				}
			}
		}
	}
}
