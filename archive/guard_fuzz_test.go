package archive

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/go-json-experiment/json/jsontext"
)

// FuzzGuardReader checks that the guard never changes what a JSON text
// means: whatever it lets through compacts to the same value as the input,
// whether the input arrives whole or byte by byte, and it never panics.
func FuzzGuardReader(f *testing.F) {
	for _, s := range []string{
		`[ {"a": "b c"},     {"d": [1, 2,     3]} ]`,
		`[ "x\"    y",        12,    true ]`,
		"[\n\t{ \"k\\\\\" :\t\"v\" }\n]",
		`{"a":       "b"}`,
		`[ 1234567890123, "` + string(bytes.Repeat([]byte("z"), 80)) + `" ]`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, in []byte, oneByte bool) {
		var r io.Reader = bytes.NewReader(in)
		if oneByte {
			r = iotest.OneByteReader(r)
		}
		g := newGuardReader(r, "f.js", 0, 1)
		g.maxBlank, g.maxRecord = 3, 64
		out, err := io.ReadAll(g)
		var big *RecordTooLargeError
		if errors.As(err, &big) {
			if big.Record < 1 || big.Offset < 0 || big.Offset > int64(len(in)) {
				t.Fatalf("bad error %+v for %q", big, in)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(out) > len(in) {
			t.Fatalf("output longer than input")
		}
		want, errIn := compactJSON(in)
		got, errOut := compactJSON(out)
		if (errIn == nil) != (errOut == nil) {
			t.Fatalf("validity changed: %v vs %v\nin  %q\nout %q", errIn, errOut, in, out)
		}
		if errIn == nil && !bytes.Equal(want, got) {
			t.Fatalf("value changed:\nin  %q\nout %q", want, got)
		}
		for o := int64(0); o <= int64(len(out)); o++ {
			if fo := g.fileOffset(o); fo < o || fo > int64(len(in)) {
				t.Fatalf("fileOffset(%d) = %d outside [%d, %d]", o, fo, o, len(in))
			}
		}
	})
}

func compactJSON(b []byte) ([]byte, error) {
	v := jsontext.Value(bytes.Clone(b))
	if err := v.Compact(); err != nil {
		return nil, err
	}
	return v, nil
}
