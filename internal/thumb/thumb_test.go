package thumb

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"runtime"
	"strings"
	"testing"
)

func TestThumbnailFormats(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 500, 200))
	deep := image.NewNRGBA64(image.Rect(0, 0, 170, 171))
	teal := color.NRGBA{0, 128, 128, 255}
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
		{"lossless webp", webpFile("VP8L", vp8lSolid(240, 150, teal)), 160, 100, color.RGBA{0, 128, 128, 255}},
		{"extended webp", webpFile("VP8X", vp8xChunk(60, 240, false), "VP8L", vp8lSolid(60, 240, teal)), 40, 160, color.RGBA{0, 128, 128, 255}},
		{"transparent webp on white", webpFile("VP8L", vp8lSolid(50, 50, color.NRGBA{})), 50, 50, color.RGBA{255, 255, 255, 255}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jpg, w, h, err := thumbnail(bytes.NewReader(tt.data), testLimits)
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
			if b := img.Bounds(); b.Dx() != w || b.Dy() != h || w > testSide || h > testSide {
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

func TestThumbnailRefuses(t *testing.T) {
	good := encodeJPEG(t, testPicture(200, 100, 4))
	goodPNG := encodePNG(t, testPicture(200, 100, 4))
	goodWebP := webpFile("VP8L", vp8lSolid(200, 100, color.NRGBA{1, 2, 3, 255}))
	swollen := bytes.Clone(goodWebP)
	copy(swollen[4:], []byte{0x00, 0x00, 0x00, 0x40}) // RIFF length: 1 GB
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want string
	}{
		{"not an image", []byte("this is a text file, not a picture"), testLimits, "not a JPEG, PNG, GIF or WebP image"},
		{"empty file", nil, testLimits, "not a JPEG, PNG, GIF or WebP image"},
		{"truncated jpeg", good[:len(good)/2], testLimits, "image is corrupt: invalid JPEG format"},
		{"png cut in its header", goodPNG[:30], testLimits, "image is truncated"},
		{"png bomb", pngHeader(100_000, 100_000), testLimits, "over the preview limit of 40 megapixels"},
		{"jpeg bomb", jpegDeclaring(t, 65000, 65000), testLimits, "over the preview limit of 40 megapixels"},
		{"zero width", pngHeader(0, 10), testLimits, "corrupt"},
		{"over the byte cap", good, Limits{MaxBytes: 1000, MaxPixels: 1e6, MaxDecoded: 1 << 30}, "over the preview limit of 0 MB"},
		{"over the memory estimate", good, Limits{MaxBytes: 1 << 20, MaxPixels: 1e6, MaxDecoded: 1000}, "needs 0 MB to decode"},
		{"webp bomb", webpFile("VP8L", vp8lSolid(16384, 16384, color.NRGBA{})), testLimits, "webp image of 16384×16384 pixels is over the preview limit of 40 megapixels"},
		{"lossless webp over the memory limit", webpFile("VP8L", vp8lSolid(6000, 6000, color.NRGBA{})), testLimits, "webp image of 6000×6000 pixels needs 274 MB to decode, over the preview limit of 160 MB"},
		{"extended webp bomb", webpFile("VP8X", vp8xChunk(9000, 9000, true), "VP8L", vp8lSolid(9000, 9000, color.NRGBA{})), testLimits, "over the preview limit of 40 megapixels"},
		{"extended webp hiding a larger picture", webpFile("VP8X", vp8xChunk(10, 10, false), "VP8L", vp8lSolid(16000, 2000, color.NRGBA{})), testLimits, "image is corrupt: webp: invalid format"},
		{"lossy webp bomb", webpFile("VP8 ", vp8KeyFrame(16383, 16383)), testLimits, "over the preview limit of 40 megapixels"},
		{"webp declaring more bytes than the cap", swollen, testLimits, "webp file declares 1024 MB, over the preview limit of 20 MB"},
		{"webp cut short", goodWebP[:len(goodWebP)-8], testLimits, "image is"},
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

// TestLossyWebPEstimate: a lossy WebP needs 1.5 bytes a pixel, so a 36 MP
// one passes the memory check the lossless one above fails, and is only
// refused for its missing data.
func TestLossyWebPEstimate(t *testing.T) {
	_, _, _, err := thumbnail(bytes.NewReader(webpFile("VP8 ", vp8KeyFrame(6000, 6000))), testLimits)
	if err == nil || strings.Contains(err.Error(), "needs") || strings.Contains(err.Error(), "limit") {
		t.Fatalf("lossy 6000×6000 WebP header: %v, want a truncated or corrupt picture", err)
	}
}

// TestThumbnailExactCap: a file exactly at the byte cap is read whole.
func TestThumbnailExactCap(t *testing.T) {
	data := encodePNG(t, testPicture(40, 40, 5))
	lim := testLimits
	lim.MaxBytes = int64(len(data))
	if _, _, _, err := thumbnail(bytes.NewReader(data), lim); err != nil {
		t.Fatal(err)
	}
	lim.MaxBytes--
	if _, _, _, err := thumbnail(bytes.NewReader(data), lim); !errors.Is(err, ErrOverSize) {
		t.Fatalf("one byte over the cap: %v, want ErrOverSize", err)
	}
}

// TestThumbnailBombDoesNotAllocate: refusing a picture by its header
// must not allocate the picture.
func TestThumbnailBombDoesNotAllocate(t *testing.T) {
	bombs := [][]byte{
		pngHeader(30_000, 30_000),
		jpegDeclaring(t, 60000, 60000),
		webpFile("VP8L", vp8lSolid(16384, 16384, color.NRGBA{})),
		// Under the pixel limit; 288 MB by the memory estimate.
		webpFile("VP8X", vp8xChunk(6000, 6000, true), "VP8L", vp8lSolid(6000, 6000, color.NRGBA{})),
	}
	for _, data := range bombs {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _, _, err := thumbnail(bytes.NewReader(data), testLimits)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Fatal("bomb accepted")
		}
		// Generous: other goroutines allocate too; the bomb would
		// need hundreds of megabytes.
		if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
			t.Errorf("refusing a %d-byte bomb allocated %d bytes", len(data), n)
		}
	}
}

// BenchmarkThumbnailJPEG2MP: a 1632×1224 photo, the common size of a
// phone picture in a Twitter archive.
func BenchmarkThumbnailJPEG2MP(b *testing.B) {
	benchmarkThumbnail(b, 1632, 1224)
}

// BenchmarkThumbnailJPEG12MP: a 4000×3000 camera photo, over Twitter's
// 4096-pixel side only in neither dimension.
func BenchmarkThumbnailJPEG12MP(b *testing.B) {
	benchmarkThumbnail(b, 4000, 3000)
}

func benchmarkThumbnail(b *testing.B, w, h int) {
	data := encodeJPEG(b, testPicture(w, h, 8))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := thumbnail(bytes.NewReader(data), testLimits); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "thumbs/s")
}
