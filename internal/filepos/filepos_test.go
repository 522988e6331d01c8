package filepos

import (
	"errors"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		p    Position
		want string
	}{
		{Position{File: "m.yaml"}, "m.yaml"},
		{Position{File: "m.yaml", Line: 3}, "m.yaml:3"},
		{Position{File: "m.yaml", Line: 3, Column: 7}, "m.yaml:3:7"},
		{Position{File: "m.yaml", Column: 7}, "m.yaml"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestYAMLSyntax(t *testing.T) {
	tests := []struct {
		err     string
		want    Position
		wantMsg string
	}{
		{"yaml: line 3: did not find expected key", Position{File: "f", Line: 3}, "did not find expected key"},
		{"yaml: control characters are not allowed", Position{File: "f"}, "control characters are not allowed"},
		{"something else", Position{File: "f"}, "something else"},
		{"yaml: line 99999999999999999999: x", Position{File: "f"}, "x"},
	}
	for _, tt := range tests {
		p, msg := YAMLSyntax("f", errors.New(tt.err))
		if p != tt.want || msg != tt.wantMsg {
			t.Errorf("YAMLSyntax(%q) = %v, %q; want %v, %q", tt.err, p, msg, tt.want, tt.wantMsg)
		}
	}
}
