package config

import (
	"fmt"
	"path/filepath"
	"testing"
)

func BenchmarkParsePreferences(b *testing.B) {
	data := []byte("# preferences\naccount: alice@example.social\nopen_browser: false\nretries: 3\n")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePreferences("config.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCredentialsSaveLoad measures one login's worth of file work:
// an atomic, fsynced save and a load, with 10 stored accounts.
func BenchmarkCredentialsSaveLoad(b *testing.B) {
	path := filepath.Join(b.TempDir(), "credentials.yaml")
	c := NewCredentials(path)
	for i := range 10 {
		if err := c.PutAccount(Account{Key: fmt.Sprintf("user%d@example.social", i), Server: "https://example.social",
			Token: Secret(fmt.Sprintf("token-%040d", i)), Scopes: []string{"read", "write", "follow"}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Save(); err != nil {
			b.Fatal(err)
		}
		if _, err := LoadCredentials(path, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeAccountKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NormalizeAccountKey("@Alice@Example.Social"); err != nil {
			b.Fatal(err)
		}
	}
}
