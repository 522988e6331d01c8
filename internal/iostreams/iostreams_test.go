package iostreams

import "testing"

func TestProgressOnlyOnTerminal(t *testing.T) {
	tests := []struct {
		name     string
		stderr   bool
		disabled bool
		want     bool
	}{
		{"piped stderr", false, false, false},
		{"terminal", true, false, true},
		{"terminal but --json or --no-progress", true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _, _ := Test()
			s.SetStderrTTY(tt.stderr)
			if tt.disabled {
				s.DisableProgress()
			}
			if got := s.ProgressEnabled(); got != tt.want {
				t.Fatalf("ProgressEnabled() = %v, want %v", got, tt.want)
			}
			// The bars themselves are internal/ui's (TestProgressOnlyOnTerminal).
		})
	}
}

func TestColor(t *testing.T) {
	s, _, _, _ := Test()
	if s.ColorEnabled() {
		t.Fatal("colour on for a non-terminal")
	}
	s.SetStderrTTY(true)
	if !s.ColorEnabled() {
		t.Fatal("colour off for a terminal")
	}
	s.DisableColor()
	if s.ColorEnabled() {
		t.Fatal("colour on after --no-color")
	}
}
