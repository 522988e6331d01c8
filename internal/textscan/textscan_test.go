package textscan

import "testing"

func TestURLAt(t *testing.T) {
	tests := []struct {
		text string
		prev rune
		want string
	}{
		{"https://example.com/a b", -1, "https://example.com/a"},
		{"http://x.org.", -1, "http://x.org"},
		{"HTTPS://Example.com/(a)", -1, "HTTPS://Example.com/(a)"},
		{"https://example.com/a)", -1, "https://example.com/a"},
		{"https://example.com/q?x=1\"", -1, "https://example.com/q?x=1"},
		{"https://", -1, ""},
		{"https://.bad", -1, ""},
		{"ftp://example.com", -1, ""},
		{"https://example.com", 'a', ""}, // glued to a word: not a URL
		{"https://example.com", '@', ""},
		{"https://example.com", ' ', "https://example.com"},
	}
	for _, tt := range tests {
		n := URLAt(tt.text, 0, tt.prev)
		if got := tt.text[:n]; got != tt.want {
			t.Errorf("URLAt(%q, prev %q) = %q, want %q", tt.text, tt.prev, got, tt.want)
		}
	}
}

func TestRemoteMentionAt(t *testing.T) {
	tests := []struct {
		text     string
		prev     rune
		wantUser string
		wantLen  int
	}{
		{"@bob@example.social hi", -1, "bob", len("@bob@example.social")},
		{"@bob.smith@ex-ample.social", ' ', "bob.smith", len("@bob.smith@ex-ample.social")},
		{"@bob hi", -1, "", 0}, // local mention: counted as written
		{"@bob@example.social", 'x', "", 0},
		{"@bob@example.social", '/', "", 0},
		{"@bob@", -1, "", 0},
	}
	for _, tt := range tests {
		user, n := RemoteMentionAt(tt.text, 0, tt.prev)
		if user != tt.wantUser || n != tt.wantLen {
			t.Errorf("RemoteMentionAt(%q) = %q, %d; want %q, %d", tt.text, user, n, tt.wantUser, tt.wantLen)
		}
	}
}

func FuzzURLAt(f *testing.F) {
	for _, s := range []string{"https://example.com/a)", "http://x", "@a@b.c", "https://é.example/(", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Scanning from every offset is quadratic; a few KB covers every
		// shape without letting one huge input stall the fuzzer.
		if len(s) > 4096 {
			s = s[:4096]
		}
		for i := 0; i < len(s); i++ {
			if n := URLAt(s, i, -1); n < 0 || i+n > len(s) {
				t.Fatalf("URLAt(%q, %d) = %d out of range", s, i, n)
			}
			if s[i] == '@' {
				if _, n := RemoteMentionAt(s, i, -1); n < 0 || i+n > len(s) {
					t.Fatalf("RemoteMentionAt(%q, %d) = %d out of range", s, i, n)
				}
			}
		}
	})
}

func TestIsDigits(t *testing.T) {
	for s, want := range map[string]bool{"": false, "0": true, "20231231": true, "12a": false, " 1": false, "-1": false, "١٢": false} {
		if got := IsDigits(s); got != want {
			t.Errorf("IsDigits(%q) = %v, want %v", s, got, want)
		}
	}
}
