package config

import (
	"strings"
	"testing"
)

func TestNormalizeAccountKey(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "alice@example.social", want: "alice@example.social"},
		{in: "@Alice@Example.Social", want: "alice@example.social"},
		{in: "  bob_1@127.0.0.1:8080 ", want: "bob_1@127.0.0.1:8080"},
		{in: "a.b-c@xn--bcher-kva.example", want: "a.b-c@xn--bcher-kva.example"},
		{in: "alice", err: "want user@domain"},
		{in: "@example.social", err: "want user@domain"},
		{in: "alice@", err: "domain is empty"},
		{in: "@@example.social", err: "user name is empty"},
		{in: "al ice@example.social", err: "user name contains"},
		{in: "alice@exa/mple", err: "domain contains"},
		{in: "alice@bob@example", err: "domain contains '@'"},
		{in: "alice@" + strings.Repeat("a", 300), err: "too long"},
	}
	for _, tt := range tests {
		got, err := NormalizeAccountKey(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("NormalizeAccountKey(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeAccountKey(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func FuzzNormalizeAccountKey(f *testing.F) {
	for _, s := range []string{"alice@example.social", "@A@B", "x@[::1]:80", "", "@", "a@b@c", "ü@ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := NormalizeAccountKey(s)
		if err != nil {
			return
		}
		// A key is stable: normalising it again changes nothing.
		again, err := NormalizeAccountKey(k)
		if err != nil || again != k {
			t.Fatalf("NormalizeAccountKey(%q) = %q, then %q, %v", s, k, again, err)
		}
		if strings.Count(k, "@") != 1 || strings.ToLower(k) != k {
			t.Fatalf("bad key %q from %q", k, s)
		}
	})
}
