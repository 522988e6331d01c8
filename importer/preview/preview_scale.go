package preview

import (
	"image"
	"image/color"
)

// downscale shrinks src to fit side×side by area averaging: every source
// pixel is added to the one destination pixel its position maps to, and
// each destination pixel is the mean of its box. Transparent areas are
// laid on white, since the thumbnail is a JPEG. A picture already small
// enough keeps its size.
func downscale(src image.Image, side int) *image.RGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dw, dh := fitBox(sw, sh, side)

	// Destination column of every source column, and how many source
	// columns (rows) each destination column (row) averages.
	xmap := make([]int, sw)
	cols := make([]int, dw)
	for x := range xmap {
		xmap[x] = x * dw / sw
		cols[xmap[x]]++
	}
	rows := make([]int, dh)
	for y := 0; y < sh; y++ {
		rows[y*dh/sh]++
	}

	sums := make([]uint64, dw*dh*4)
	ycc, isYCC := src.(*image.YCbCr)
	if isYCC {
		sumYCbCr(ycc, xmap, dw, dh, sums)
	} else {
		sumRGBA(src, xmap, dw, dh, sums)
	}

	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for dy := 0; dy < dh; dy++ {
		for dx := 0; dx < dw; dx++ {
			n := uint64(cols[dx] * rows[dy])
			i := (dy*dw + dx) * 4
			s := sums[i : i+4 : i+4]
			o := dst.Pix[dy*dst.Stride+dx*4:][:4]
			o[3] = 255
			if isYCC {
				o[0], o[1], o[2] = color.YCbCrToRGB(uint8((s[0]+n/2)/n), uint8((s[1]+n/2)/n), uint8((s[2]+n/2)/n))
				continue
			}
			// Premultiplied colour over white: c + (255 - a).
			a := (s[3] + n/2) / n
			for k := 0; k < 3; k++ {
				o[k] = uint8(min((s[k]+n/2)/n+255-a, 255))
			}
		}
	}
	return dst
}

// sumRGBA adds every pixel of src, as premultiplied RGBA, to the sum of
// the destination pixel it falls in.
func sumRGBA(src image.Image, xmap []int, dw, dh int, sums []uint64) {
	b := src.Bounds()
	sh := b.Dy()
	row := make([]uint8, len(xmap)*4)
	read := rowReader(src)
	for y := 0; y < sh; y++ {
		read(b.Min.Y+y, row)
		cell := sums[(y*dh/sh)*dw*4:][:dw*4]
		for x, dx := range xmap {
			p := row[x*4 : x*4+4 : x*4+4]
			c := cell[dx*4 : dx*4+4 : dx*4+4]
			c[0] += uint64(p[0])
			c[1] += uint64(p[1])
			c[2] += uint64(p[2])
			c[3] += uint64(p[3])
		}
	}
}

// sumYCbCr is sumRGBA for JPEG's own pixels, summing Y, Cb and Cr as
// they are. YCbCr is an affine map of RGB, so converting the mean
// equals the mean of the converted pixels (bar clamping), at a fraction
// of the cost: one conversion per thumbnail pixel, not per photo pixel.
func sumYCbCr(m *image.YCbCr, xmap []int, dw, dh int, sums []uint64) {
	b := m.Bounds()
	sh := b.Dy()
	// Chroma column of every pixel column, relative to the row's first
	// (image.YCbCr.COffset without its per-pixel switch).
	shift := 0
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420:
		shift = 1
	case image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410:
		shift = 2
	}
	cx := make([]int, len(xmap))
	for x := range cx {
		cx[x] = (b.Min.X+x)>>shift - b.Min.X>>shift
	}
	for y := 0; y < sh; y++ {
		yrow := m.Y[m.YOffset(b.Min.X, b.Min.Y+y):][:len(xmap)]
		ci := m.COffset(b.Min.X, b.Min.Y+y)
		cb, cr := m.Cb[ci:], m.Cr[ci:]
		cell := sums[(y*dh/sh)*dw*4:][:dw*4]
		for x, dx := range xmap {
			c := cell[dx*4 : dx*4+3 : dx*4+3]
			c[0] += uint64(yrow[x])
			c[1] += uint64(cb[cx[x]])
			c[2] += uint64(cr[cx[x]])
		}
	}
}

// fitBox scales w×h to fit side×side, keeping the aspect ratio and at
// least one pixel on each side. It never enlarges.
func fitBox(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, int((int64(h)*int64(side)+int64(w)/2)/int64(w)))
	}
	return max(1, int((int64(w)*int64(side)+int64(h)/2)/int64(h))), side
}

// rowReader returns a function filling row with the premultiplied 8-bit
// RGBA pixels of one source row. The decoders' own image types are read
// directly; anything else goes through At, which is slower but correct.
func rowReader(src image.Image) func(y int, row []uint8) {
	b := src.Bounds()
	switch m := src.(type) {
	case *image.RGBA:
		return func(y int, row []uint8) {
			off := m.PixOffset(b.Min.X, y)
			copy(row, m.Pix[off:off+len(row)])
		}
	case *image.NRGBA:
		return func(y int, row []uint8) {
			off := m.PixOffset(b.Min.X, y)
			pix := m.Pix[off : off+len(row)]
			for i := 0; i < len(pix); i += 4 {
				a := uint16(pix[i+3])
				row[i] = uint8((uint16(pix[i])*a + 127) / 255)
				row[i+1] = uint8((uint16(pix[i+1])*a + 127) / 255)
				row[i+2] = uint8((uint16(pix[i+2])*a + 127) / 255)
				row[i+3] = pix[i+3]
			}
		}
	case *image.Gray:
		return func(y int, row []uint8) {
			off := m.PixOffset(b.Min.X, y)
			for x, v := range m.Pix[off : off+len(row)/4] {
				row[x*4], row[x*4+1], row[x*4+2], row[x*4+3] = v, v, v, 255
			}
		}
	case *image.Paletted:
		// Colours of the palette, premultiplied once; an index past
		// the palette reads as transparent.
		var table [256][4]uint8
		for i, c := range m.Palette {
			if i >= len(table) {
				break
			}
			if c == nil {
				continue
			}
			r, g, bl, a := c.RGBA()
			table[i] = [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}
		}
		return func(y int, row []uint8) {
			off := m.PixOffset(b.Min.X, y)
			for x, idx := range m.Pix[off : off+len(row)/4] {
				copy(row[x*4:x*4+4], table[idx][:])
			}
		}
	}
	return func(y int, row []uint8) {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := src.At(x, y).RGBA()
			i := (x - b.Min.X) * 4
			row[i], row[i+1], row[i+2], row[i+3] = uint8(r>>8), uint8(g>>8), uint8(bl>>8), uint8(a>>8)
		}
	}
}
