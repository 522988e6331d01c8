package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func sampleCredentials(t *testing.T, path string) *Credentials {
	t.Helper()
	c := NewCredentials(path)
	when := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, a := range []Account{
		{Key: "@Alice@Example.Social", Server: "https://example.social", Username: "Alice", ID: "1",
			Token: Secret(testToken), Scopes: []string{"read", "write", "follow"}, AppClientID: "cid", CreatedAt: when},
		{Key: "bob@other.example", Server: "https://other.example", Username: "bob", ID: "2",
			Token: "bob-token-xyz", CreatedAt: when},
	} {
		if err := c.PutAccount(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.PutApp(App{Server: "https://example.social", ClientID: "cid", ClientSecret: "app-secret-abc",
		Scopes: []string{"read", "write", "follow"}, RedirectURI: "urn:ietf:wg:oauth:2.0:oob"}); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCredentialsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "credentials.yaml")
	c := sampleCredentials(t, path)
	if c.Default() != "alice@example.social" {
		t.Fatalf("first account should be default, got %q", c.Default())
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	got, err := LoadCredentials(path, func(s string) { warnings = append(warnings, s) })
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("unexpected warnings: %v", warnings)
	}
	a, ok := got.Account("ALICE@example.social")
	if !ok || a.Token.Reveal() != testToken || a.Server != "https://example.social" || a.Username != "Alice" ||
		a.ID != "1" || len(a.Scopes) != 3 || a.AppClientID != "cid" || !a.CreatedAt.Equal(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("alice = %+v, %v", a, ok)
	}
	if d, ok := got.DefaultAccount(); !ok || d.Key != "alice@example.social" {
		t.Errorf("default = %+v", d)
	}
	app, ok := got.App("https://example.social")
	if !ok || app.ClientID != "cid" || app.ClientSecret.Reveal() != "app-secret-abc" || app.RedirectURI == "" {
		t.Errorf("app = %+v", app)
	}
	keys := []string{}
	for _, a := range got.Accounts() {
		keys = append(keys, a.Key)
	}
	if strings.Join(keys, ",") != "alice@example.social,bob@other.example" {
		t.Errorf("Accounts() = %v", keys)
	}
}

func TestCredentialsFileIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	dir := filepath.Join(t.TempDir(), "new")
	path := filepath.Join(dir, "credentials.yaml")
	if err := sampleCredentials(t, path).Save(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode = %04o, want 0600", info.Mode().Perm())
	}
	dinfo, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if dinfo.Mode().Perm() != 0o700 {
		t.Errorf("directory mode = %04o, want 0700", dinfo.Mode().Perm())
	}
	// Saving again keeps 0600 even after someone widened it.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := sampleCredentials(t, path).Save(); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode after resave = %04o", info.Mode().Perm())
	}
}

func TestLoadCredentialsFixesMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	path := filepath.Join(t.TempDir(), "credentials.yaml")
	if err := sampleCredentials(t, path).Save(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	if _, err := LoadCredentials(path, func(s string) { warnings = append(warnings, s) }); err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "0644") || !strings.Contains(warnings[0], path) {
		t.Errorf("warnings = %q", warnings)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode = %04o, want it fixed to 0600", info.Mode().Perm())
	}
}

func TestSavedFileHoldsTokensOnlyInTheirPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.yaml")
	if err := sampleCredentials(t, path).Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.Contains(s, "token: "+testToken) || !strings.Contains(s, "client_secret: app-secret-abc") {
		t.Errorf("file does not hold the real secrets:\n%s", s)
	}
	if strings.Contains(s, redacted) {
		t.Errorf("file holds a redaction marker instead of a secret:\n%s", s)
	}
}

func TestRemoveAccountMovesDefault(t *testing.T) {
	c := sampleCredentials(t, "unused")
	if !c.RemoveAccount("@alice@example.social") {
		t.Fatal("RemoveAccount = false")
	}
	if c.Default() != "bob@other.example" {
		t.Errorf("default = %q, want bob", c.Default())
	}
	if c.RemoveAccount("alice@example.social") {
		t.Error("second RemoveAccount = true")
	}
	c.RemoveAccount("bob@other.example")
	if c.Default() != "" || len(c.Accounts()) != 0 {
		t.Errorf("after removing all: default %q, %d accounts", c.Default(), len(c.Accounts()))
	}
	if err := c.SetDefault("nobody@example"); err == nil {
		t.Error("SetDefault of a missing account succeeded")
	}
}

func TestPutRejectsIncomplete(t *testing.T) {
	c := NewCredentials("unused")
	if err := c.PutAccount(Account{Key: "a@b.c", Server: "https://b.c"}); err == nil {
		t.Error("account without token accepted")
	}
	if err := c.PutAccount(Account{Key: "nonsense", Server: "https://b.c", Token: "t"}); err == nil {
		t.Error("bad key accepted")
	}
	if err := c.PutApp(App{Server: "https://b.c", ClientID: "x"}); err == nil {
		t.Error("app without secret accepted")
	}
}

func TestParseCredentialsErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unknown key", "version: 1\naccounts:\n  a@b.c:\n    server: https://b.c\n    token: " + testToken + "\n    tokne: x\n",
			`line 6: unknown key "tokne"`},
		{"wrong type hides value", "version: " + testToken + "\n", "line 1: a value has the wrong type"},
		{"bad time hides value", "version: 1\naccounts:\n  a@b.c:\n    server: https://b.c\n    token: " + testToken + "\n    created_at: " + testToken + "\n",
			"credentials.yaml: a value has the wrong type or format"},
		{"no token", "accounts:\n  a@b.c:\n    server: https://b.c\n", "has no server or no token"},
		{"bad key", "accounts:\n  nobody:\n    server: https://b.c\n    token: t\n", `account "nobody"`},
		{"newer format", "version: 9\n", "newer fledge"},
		{"syntax", "accounts: [\n", "credentials.yaml:"},
		{"app without secret", "apps:\n  https://b.c:\n    client_id: x\n", "no client_id or client_secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCredentials("credentials.yaml", []byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Fatalf("error leaks the token: %v", err)
			}
		})
	}
}

func TestDefaultPointingNowhereIsDropped(t *testing.T) {
	c, err := ParseCredentials("c.yaml", []byte("default: gone@b.c\naccounts:\n  a@b.c: {server: https://b.c, token: t}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.DefaultAccount(); ok {
		t.Errorf("default = %q, want none", c.Default())
	}
}

func FuzzParseCredentials(f *testing.F) {
	f.Add([]byte("version: 1\ndefault: a@b.c\naccounts:\n  a@b.c:\n    server: https://b.c\n    token: t\napps:\n  https://b.c: {client_id: x, client_secret: y}\n"))
	f.Add([]byte(""))
	f.Add([]byte("accounts: {a@b.c: [1]}"))
	f.Add([]byte("apps: !!map {? [a]: b}"))
	f.Add([]byte("version: -1\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCredentials("credentials.yaml", data)
		if err != nil {
			return
		}
		// Whatever parses must survive a save and load unchanged.
		path := filepath.Join(t.TempDir(), "credentials.yaml")
		c.path = path
		if err := c.Save(); err != nil {
			t.Fatalf("Save: %v", err)
		}
		back, err := LoadCredentials(path, nil)
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
		if len(back.Accounts()) != len(c.Accounts()) || back.Default() != c.Default() {
			t.Fatalf("reload changed the store: %d/%q vs %d/%q", len(back.Accounts()), back.Default(), len(c.Accounts()), c.Default())
		}
	})
}
