package thumb

import (
	"bytes"
	"encoding/binary"
	"image/color"
	"io"
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

// bitWriter packs values least significant bit first, as VP8L reads them.
type bitWriter struct {
	buf  []byte
	bits uint64
	n    uint
}

func (w *bitWriter) put(v, n int) {
	w.bits |= uint64(v) << w.n
	w.n += uint(n)
	for w.n >= 8 {
		w.buf = append(w.buf, byte(w.bits))
		w.bits >>= 8
		w.n -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		return append(w.buf, byte(w.bits))
	}
	return w.buf
}

// vp8lSolid is a lossless VP8L bitstream of w×h pixels of one colour. Its
// five prefix codes each hold one symbol, so the pixels take no bits: a
// few bytes declare any size, WebP's kind of decompression bomb.
func vp8lSolid(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.put(0x2f, 8)
	bw.put(w-1, 14)
	bw.put(h-1, 14)
	bw.put(1, 1) // alpha is used
	bw.put(0, 3) // version
	bw.put(0, 1) // no transform
	bw.put(0, 1) // no colour cache
	bw.put(0, 1) // one group of prefix codes
	// Green, red, blue, alpha, distance: simple codes of one 8-bit symbol.
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		bw.put(1, 1)
		bw.put(0, 1)
		bw.put(1, 1)
		bw.put(int(sym), 8)
	}
	return bw.bytes()
}

// vp8KeyFrame is the 10-byte frame header of a lossy VP8 key frame of
// w×h pixels, with no data after it.
func vp8KeyFrame(w, h int) []byte {
	const firstPartLen = 16
	tag := 0<<0 | 0<<1 | 1<<4 | firstPartLen<<5 // key frame, version 0, shown
	return []byte{byte(tag), byte(tag >> 8), byte(tag >> 16), 0x9d, 0x01, 0x2a,
		byte(w), byte(w>>8) & 0x3f, byte(h), byte(h>>8) & 0x3f}
}

// vp8xChunk is the extended-format header declaring a w×h canvas.
func vp8xChunk(w, h int, alpha bool) []byte {
	b := make([]byte, 10)
	if alpha {
		b[0] = 1 << 4
	}
	w, h = w-1, h-1
	b[4], b[5], b[6] = byte(w), byte(w>>8), byte(w>>16)
	b[7], b[8], b[9] = byte(h), byte(h>>8), byte(h>>16)
	return b
}

// webpFile wraps chunks, given as id and payload in turn, in a RIFF WEBP
// container.
func webpFile(chunks ...any) []byte {
	var body bytes.Buffer
	body.WriteString("WEBP")
	for i := 0; i+1 < len(chunks); i += 2 {
		data := chunks[i+1].([]byte)
		body.WriteString(chunks[i].(string))
		binary.Write(&body, binary.LittleEndian, uint32(len(data)))
		body.Write(data)
		if len(data)%2 == 1 {
			body.WriteByte(0)
		}
	}
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(body.Len()))
	b.Write(body.Bytes())
	return b.Bytes()
}

// The preview's settings, which the messages tested below name.
const testSide = 160

var testLimits = Limits{MaxBytes: 20 << 20, MaxPixels: 40_000_000, MaxDecoded: 160 << 20}

func thumbnail(r io.Reader, lim Limits) ([]byte, int, int, error) {
	return JPEG(r, lim, testSide, 70)
}
