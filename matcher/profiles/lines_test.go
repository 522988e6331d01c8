package profiles

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestLineReader: lines come with their numbers, the last one needs no
// newline, lines longer than the reader's buffer are joined, and a line
// over the limit is an error naming its number.
func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 40) // over the 16-byte buffer, under the limit
	tests := []struct {
		name, in string
		want     []string
		errLine  int // the line number of the error, 0 for a clean io.EOF
	}{
		{"empty", "", nil, 0},
		{"no final newline", "a\nb", []string{"a\n", "b"}, 0},
		{"blank lines kept", "a\n\nb\n", []string{"a\n", "\n", "b\n"}, 0},
		{"longer than the buffer", "a\n" + long + "\nc\n", []string{"a\n", long + "\n", "c\n"}, 0},
		{"over the limit", "a\n" + strings.Repeat("y", 65) + "\nc\n", []string{"a\n"}, 2},
		{"over the limit at the end", "a\n" + strings.Repeat("y", 65), []string{"a\n"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := NewLineReader(bufio.NewReaderSize(strings.NewReader(tt.in), 16), 64)
			var got []string
			for i := 1; ; i++ {
				line, n, err := lr.Next()
				if err != nil {
					if errors.Is(err, io.EOF) {
						if tt.errLine != 0 {
							t.Fatalf("clean end, want an error on line %d", tt.errLine)
						}
					} else if n != tt.errLine || !strings.Contains(err.Error(), "longer than 64 bytes") {
						t.Fatalf("error %v on line %d, want the limit named on line %d", err, n, tt.errLine)
					}
					break
				}
				if n != i {
					t.Fatalf("line %q numbered %d, want %d", line, n, i)
				}
				got = append(got, string(line))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("lines %q, want %q", got, tt.want)
			}
		})
	}
}
