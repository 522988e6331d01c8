package thumb

import (
	"bytes"
	"image"
	"strings"
	"testing"
)

// patchSOF0 rewrites the frame header of a JPEG made by image/jpeg:
// marker is the new SOFn marker, and luma, unless -1, the luma
// sampling byte (0x22 is 2×2, 0x11 is 1×1).
func patchSOF0(t testing.TB, b []byte, marker byte, luma int) []byte {
	t.Helper()
	b = bytes.Clone(b)
	i := bytes.Index(b, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 in the test JPEG")
	}
	b[i+1] = marker
	if luma >= 0 {
		b[i+2+2+6+1] = byte(luma) // first component's sampling byte
	}
	return b
}

func TestJPEGDecodeMemory(t *testing.T) {
	colour := encodeJPEG(t, testPicture(640, 480, 1))
	gray := encodeJPEG(t, image.NewGray(image.Rect(0, 0, 640, 480)))
	// An APP1 segment and a fill byte before the frame header.
	app := append([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x06, 'E', 'x', 'i', 'f', 0xff}, colour[2:]...)
	const px = 640 * 480
	tests := []struct {
		name   string
		head   []byte
		want   int64
		wantOK bool
	}{
		{"baseline 4:2:0", colour, px * 3 / 2, true},
		{"gray", gray, px, true},
		{"after APP1 and a fill byte", app, px * 3 / 2, true},
		{"progressive 4:2:0", patchSOF0(t, colour, 0xc2, -1), px * 3 / 2 * 5, true},
		{"progressive 4:4:4", patchSOF0(t, colour, 0xc2, 0x11), px * 3 * 5, true},
		{"extended sequential", patchSOF0(t, colour, 0xc1, -1), px * 3 / 2, true},
		{"zero sampling", patchSOF0(t, colour, 0xc0, 0x00), 0, false},
		{"cut before the frame header", colour[:bytes.Index(colour, []byte{0xff, 0xc0})+4], 0, false},
		{"not a JPEG", []byte("GIF89a......"), 0, false},
		{"segment longer than the file", []byte{0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 0x00}, 0, false},
		{"empty", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := jpegDecodeMemory(tt.head)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("jpegDecodeMemory = %d, %v; want %d, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestThumbnailProgressiveBomb: a progressive 4:4:4 JPEG under the pixel
// limit is still refused when its coefficients would not fit the memory
// limit, before anything is decoded.
func TestThumbnailProgressiveBomb(t *testing.T) {
	data := patchSOF0(t, jpegDeclaring(t, 6000, 6000), 0xc2, 0x11)
	_, _, _, err := thumbnail(bytes.NewReader(data), testLimits)
	if err == nil || !strings.Contains(err.Error(), "jpeg image of 6000×6000 pixels needs 514 MB to decode, over the preview limit of 160 MB") {
		t.Fatalf("progressive 36 MP JPEG: %v", err)
	}
}
