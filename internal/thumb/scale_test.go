package thumb

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/draw"
)

// TestScaleAverages checks the filter averages: a 1-pixel checkerboard
// halved must be flat grey, where nearest-neighbour would keep one
// colour and drop the other.
func TestScaleAverages(t *testing.T) {
	src := checkerboard(320, 320)
	dst := Scale(src, 160).(*image.RGBA)
	if b := dst.Bounds(); b.Dx() != 160 || b.Dy() != 160 {
		t.Fatalf("scaled to %v", b)
	}
	for i := 0; i < len(dst.Pix); i += 4 {
		// The filter, cut off at the picture's edge, leaves the border
		// pixels a few levels off.
		if v := dst.Pix[i]; v < 124 || v > 131 || dst.Pix[i+3] != 255 {
			t.Fatalf("pixel %d is %v, want flat grey", i/4, dst.Pix[i:i+4])
		}
	}
}

func checkerboard(w, h int) *image.Gray {
	src := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if (x+y)%2 == 0 {
				src.SetGray(x, y, color.Gray{255})
			}
		}
	}
	return src
}

// zonePlate is a w×h pattern of rings that get finer towards the edges,
// to show aliasing: shrunk, every ring finer than a thumbnail pixel
// should fade to grey, not turn into coarse false rings.
func zonePlate(w, h int) *image.Gray {
	src := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x-w/2), float64(y-h/2)
			src.Pix[y*src.Stride+x] = uint8(127.5 + 127.5*math.Cos((dx*dx+dy*dy)*math.Pi/float64(w)))
		}
	}
	return src
}

// TestScaleKernels measures why Scale uses the kernel it does. Shrunk
// about 4× (not exactly: at whole ratios ApproxBiLinear's samples fall
// between two pixels and average them by luck), a checkerboard must come
// out grey and a zone plate's fine rings fade: the kernel's mean distance from mid-grey stays small, where
// ApproxBiLinear, which samples four source pixels for each thumbnail
// pixel, keeps whole rings of false pattern.
func TestScaleKernels(t *testing.T) {
	for _, src := range []struct {
		name string
		img  image.Image
	}{{"checkerboard", checkerboard(625, 469)}, {"zone plate", zonePlate(625, 469)}} {
		// Rings within a thumbnail pixel's reach of the centre are coarse
		// enough to show; measure outside them.
		dev := func(k draw.Interpolator) float64 {
			dst := scaleWith(k, src.img, 160)
			var sum float64
			var n int
			for y := 0; y < 120; y++ {
				for x := 0; x < 160; x++ {
					if dx, dy := x-80, y-60; dx*dx+dy*dy < 30*30 {
						continue
					}
					sum += math.Abs(float64(dst.Pix[y*dst.Stride+x*4]) - 127.5)
					n++
				}
			}
			return sum / float64(n)
		}
		if d := dev(kernel); d > 8 {
			t.Errorf("%s: Scale's kernel is %.1f levels from grey on average, want under 8", src.name, d)
		}
		if d := dev(draw.ApproxBiLinear); d < 20 {
			t.Errorf("%s: ApproxBiLinear is only %.1f levels from grey: the test no longer tells an aliasing filter", src.name, d)
		}
	}
}

// TestScaleOffsetBounds: sub-images start away from (0,0).
func TestScaleOffsetBounds(t *testing.T) {
	full := image.NewRGBA(image.Rect(0, 0, 400, 400))
	for i := range full.Pix {
		full.Pix[i] = 255
	}
	sub := full.SubImage(image.Rect(50, 70, 370, 230)).(*image.RGBA)
	dst := Scale(sub, 160).(*image.RGBA)
	if b := dst.Bounds(); b.Dx() != 160 || b.Dy() != 80 {
		t.Fatalf("scaled to %v, want 160×80", b)
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
		if w, h := FitBox(tt.w, tt.h, tt.side); w != tt.ww || h != tt.wh {
			t.Errorf("FitBox(%d, %d, %d) = %d×%d, want %d×%d", tt.w, tt.h, tt.side, w, h, tt.ww, tt.wh)
		}
	}
}

// TestScaleYCbCr: JPEG's own YCbCr pictures, scaled plane by plane, give
// the picture their RGB conversion scales to, for every chroma
// subsampling and for a sub-image starting on an odd pixel. The values
// stay inside the RGB cube (outside it, the RGB path clamps each pixel
// and the planes only the result). They differ by up to 7 levels here
// where the chroma changes fastest, as draw's YCbCr reader repeats each
// chroma sample where the planes filter them; a plane read off by one
// sample differs by more.
func TestScaleYCbCr(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	}
	r := rand.New(rand.NewPCG(9, 9))
	for _, ratio := range ratios {
		full := image.NewYCbCr(image.Rect(0, 0, 203, 151), ratio)
		for i := range full.Y {
			full.Y[i] = uint8(64 + r.IntN(128))
		}
		// Chroma varies smoothly, as in a photo; per-sample noise would
		// measure only repeating against filtering.
		for i := range full.Cb {
			x, y := i%full.CStride, i/full.CStride
			full.Cb[i] = uint8(128 + 30*math.Sin(float64(x)*2*math.Pi/40))
			full.Cr[i] = uint8(128 + 30*math.Cos(float64(y)*2*math.Pi/30))
		}
		for _, img := range []*image.YCbCr{full, full.SubImage(image.Rect(3, 5, 200, 148)).(*image.YCbCr)} {
			got := toRGBA(Scale(img, 50))
			want := Scale(toRGBA(img), 50).(*image.RGBA)
			if got.Bounds() != want.Bounds() {
				t.Fatalf("%v %v: bounds %v, want %v", ratio, img.Bounds(), got.Bounds(), want.Bounds())
			}
			for i := range got.Pix {
				if d := int(got.Pix[i]) - int(want.Pix[i]); d < -8 || d > 8 {
					t.Fatalf("%v %v: byte %d is %d, RGB path gives %d", ratio, img.Bounds(), i, got.Pix[i], want.Pix[i])
				}
			}
		}
	}
}

func toRGBA(img image.Image) *image.RGBA {
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Rect, img, img.Bounds().Min, draw.Src)
	return rgba
}

// TestScalePlanesSmall: pictures of a pixel or two, whose chroma planes
// round up, scale without reading past a plane.
func TestScalePlanesSmall(t *testing.T) {
	for _, r := range []image.Rectangle{image.Rect(0, 0, 1, 1), image.Rect(0, 0, 3, 1), image.Rect(0, 0, 1, 700), image.Rect(0, 0, 2000, 3)} {
		for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio410} {
			m := image.NewYCbCr(r, ratio)
			for i := range m.Cb {
				m.Cb[i], m.Cr[i] = 128, 128
			}
			got := Scale(m, 160)
			w, h := FitBox(r.Dx(), r.Dy(), 160)
			if b := got.Bounds(); b.Dx() != w || b.Dy() != h {
				t.Errorf("%v %v: scaled to %v, want %d×%d", r, ratio, b, w, h)
			}
		}
	}
}

// BenchmarkScaleKernels times draw's filters on a decoded 4000×3000
// JPEG (YCbCr 4:2:0) shrunk to a thumbnail, through draw's own YCbCr
// reader (rgb) and plane by plane (planes), for the choice of kernel.
func BenchmarkScaleKernels(b *testing.B) {
	photo := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range photo.Y {
		photo.Y[i] = uint8(r.IntN(256))
	}
	for _, k := range []struct {
		name string
		k    *draw.Kernel
	}{{"BiLinear", draw.BiLinear}, {"CatmullRom", draw.CatmullRom}} {
		b.Run("rgb/"+k.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				scaleWith(k.k, photo, 160)
			}
		})
		b.Run("planes/"+k.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				scalePlanes(k.k, photo, 160)
			}
		})
	}
	b.Run("rgb/ApproxBiLinear", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			scaleWith(draw.ApproxBiLinear, photo, 160)
		}
	})
}
