package thumb

import "encoding/binary"

// jpegDecodeMemory estimates the bytes image/jpeg allocates to decode the
// JPEG whose start is head (at least up to its frame header): a plane
// per component at its own sampling, and for a progressive JPEG four
// bytes more per sample for the coefficients it keeps between scans.
// The colour model alone cannot tell this: a progressive 4:4:4 photo
// needs five times the memory of a baseline 4:2:0 one. ok is false if
// head holds no frame header.
func jpegDecodeMemory(head []byte) (mem int64, ok bool) {
	f, ok := readJPEGFrame(head)
	if !ok {
		return 0, false
	}
	perSample := int64(1)
	if f.progressive {
		perSample += 4
	}
	px := int64(f.width) * int64(f.height)
	for _, c := range f.sampling {
		mem += px * int64(c[0]) * int64(c[1]) / (int64(f.hmax) * int64(f.vmax)) * perSample
	}
	if len(f.sampling) == 4 {
		mem += px * 4 // converted to image.CMYK
	}
	return mem, true
}

type jpegFrame struct {
	progressive   bool
	width, height int
	sampling      [][2]int // horizontal, vertical factor per component
	hmax, vmax    int
}

// readJPEGFrame walks the marker segments of head to the first frame
// header (SOFn) and reads it.
func readJPEGFrame(head []byte) (jpegFrame, bool) {
	if len(head) < 2 || head[0] != 0xff || head[1] != 0xd8 {
		return jpegFrame{}, false
	}
	for i := 2; i+4 <= len(head); {
		if head[i] != 0xff {
			return jpegFrame{}, false
		}
		m := head[i+1]
		switch {
		case m == 0xff: // fill byte
			i++
			continue
		case m == 0x01 || (m >= 0xd0 && m <= 0xd7): // no payload
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(head[i+2:]))
		if n < 2 || i+2+n > len(head) {
			return jpegFrame{}, false
		}
		seg := head[i+4 : i+2+n]
		if isSOF(m) {
			return parseSOF(seg, m == 0xc2 || m == 0xc6 || m == 0xca || m == 0xce)
		}
		i += 2 + n
	}
	return jpegFrame{}, false
}

// isSOF: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
func isSOF(m byte) bool {
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc
}

func parseSOF(seg []byte, progressive bool) (jpegFrame, bool) {
	if len(seg) < 6 {
		return jpegFrame{}, false
	}
	f := jpegFrame{
		progressive: progressive,
		height:      int(binary.BigEndian.Uint16(seg[1:])),
		width:       int(binary.BigEndian.Uint16(seg[3:])),
	}
	nc := int(seg[5])
	if nc == 0 || len(seg) < 6+3*nc {
		return jpegFrame{}, false
	}
	for k := range nc {
		hv := seg[6+3*k+1]
		h, v := int(hv>>4), int(hv&0x0f)
		if h == 0 || v == 0 {
			return jpegFrame{}, false
		}
		f.sampling = append(f.sampling, [2]int{h, v})
		f.hmax, f.vmax = max(f.hmax, h), max(f.vmax, v)
	}
	return f, true
}
