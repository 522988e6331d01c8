package thumb

import (
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// kernel is the filter Scale uses. BiLinear and CatmullRom widen their
// support by the shrink factor, so every source pixel counts; the faster
// ApproxBiLinear samples four source pixels for each thumbnail pixel and
// at a photo's 10–25× shrink keeps false patterns (TestScaleKernels:
// 30–50 grey levels off on fine patterns, against under 2 for both).
// Their cost grows with the support, and BiLinear's is half CatmullRom's:
// about a third less time on a 12 MP JPEG (BenchmarkScaleKernels), where
// CatmullRom's sharper edges hardly show at 160 pixels.
var kernel = draw.BiLinear

// Scale shrinks src to fit side×side, keeping its aspect ratio. A
// picture already small enough keeps its size. Transparent areas are laid
// on white, since thumbnails are JPEGs.
func Scale(src image.Image, side int) image.Image {
	if m, ok := src.(*image.YCbCr); ok {
		return scalePlanes(kernel, m, side)
	}
	return scaleWith(kernel, src, side)
}

func scaleWith(k draw.Interpolator, src image.Image, side int) *image.RGBA {
	b := src.Bounds()
	dw, dh := FitBox(b.Dx(), b.Dy(), side)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	k.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	return dst
}

// draw's kernels keep a float64 RGBA row buffer per source row (32 bytes
// × thumbnail width × source height): 15 MB for a 4000×3000 photo, at
// most 32 MB within the preview's 40-megapixel limit.

// scalePlanes scales a JPEG's Y, Cb and Cr planes each as a grey
// picture, into a 4:4:4 thumbnail. YCbCr is an affine map of RGB, so
// filtering the planes equals filtering the converted pixels (bar
// clamping), and it is about twice as fast: draw converts every source
// pixel at every filter tap, where this reads plain bytes and leaves the
// conversion to the JPEG encoder.
func scalePlanes(k *draw.Kernel, m *image.YCbCr, side int) *image.YCbCr {
	b := m.Bounds()
	dw, dh := FitBox(b.Dx(), b.Dy(), side)
	dst := image.NewYCbCr(image.Rect(0, 0, dw, dh), image.YCbCrSubsampleRatio444)
	// A sub-image's planes start at its first pixel's samples.
	k.Scale(grayPlane(dst.Y, dst.YStride, dw, dh), dst.Rect, grayPlane(m.Y, m.YStride, b.Dx(), b.Dy()), image.Rect(0, 0, b.Dx(), b.Dy()), draw.Src, nil)

	// The chroma samples covering the picture, which for a sub-image
	// starting on an odd pixel include one it only half covers.
	sx, sy := chromaShift(m.SubsampleRatio)
	cw := (b.Max.X-1)>>sx - b.Min.X>>sx + 1
	ch := (b.Max.Y-1)>>sy - b.Min.Y>>sy + 1
	chroma := k.NewScaler(dw, dh, cw, ch)
	for _, p := range [][2][]uint8{{m.Cb, dst.Cb}, {m.Cr, dst.Cr}} {
		chroma.Scale(grayPlane(p[1], dst.CStride, dw, dh), dst.Rect, grayPlane(p[0], m.CStride, cw, ch), image.Rect(0, 0, cw, ch), draw.Src, nil)
	}
	return dst
}

func grayPlane(pix []uint8, stride, w, h int) *image.Gray {
	return &image.Gray{Pix: pix, Stride: stride, Rect: image.Rect(0, 0, w, h)}
}

// chromaShift is how far a pixel's coordinates shift right to give its
// chroma sample's, across and down.
func chromaShift(r image.YCbCrSubsampleRatio) (sx, sy int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 1, 0
	case image.YCbCrSubsampleRatio420:
		return 1, 1
	case image.YCbCrSubsampleRatio440:
		return 0, 1
	case image.YCbCrSubsampleRatio411:
		return 2, 0
	case image.YCbCrSubsampleRatio410:
		return 2, 1
	}
	return 0, 0
}

// FitBox scales w×h to fit side×side, keeping the aspect ratio and at
// least one pixel on each side. It never enlarges.
func FitBox(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, int((int64(h)*int64(side)+int64(w)/2)/int64(w)))
	}
	return max(1, int((int64(w)*int64(side)+int64(h)/2)/int64(h))), side
}
