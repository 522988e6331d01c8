package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParsePreferences(t *testing.T) {
	p, err := ParsePreferences("config.yaml", []byte("# mine\naccount: \"@Alice@Example.Social\"\nopen_browser: false\nretries: 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Account != "alice@example.social" {
		t.Errorf("Account = %q", p.Account)
	}
	if p.OpenBrowser == nil || *p.OpenBrowser {
		t.Errorf("OpenBrowser = %v, want false", p.OpenBrowser)
	}
	if p.Retries == nil || *p.Retries != 3 {
		t.Errorf("Retries = %v, want 3", p.Retries)
	}
	if got := p.Origin(KeyAccount); got != "config.yaml:2:10" {
		t.Errorf("Origin(account) = %q", got)
	}
	if got := p.Origin(KeyOpenBrowser); got != "config.yaml:3:15" {
		t.Errorf("Origin(open_browser) = %q", got)
	}
}

func TestParsePreferencesEmpty(t *testing.T) {
	for _, in := range []string{"", "# only a comment\n", "~\n", "---\n"} {
		p, err := ParsePreferences("config.yaml", []byte(in))
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if p.Account != "" || p.OpenBrowser != nil || p.Origin(KeyAccount) != "" {
			t.Errorf("%q: got %+v", in, p)
		}
	}
}

func TestParsePreferencesErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unknown key with position", "account: a@b.c\naccont: x@y.z\n", "config.yaml:2:1: unknown key \"accont\" (known keys: account, import_footer, open_browser, retries, twitter_bearer_token)"},
		{"nested unknown key", "open_browser: true\n  x: 1\n", "config.yaml:2:"},
		{"wrong type bool", "open_browser: maybe\n", "config.yaml:1:15: open_browser: want true or false, got \"maybe\""},
		{"list for bool", "open_browser: [1]\n", "config.yaml:1:15: open_browser: want true or false, got a list"},
		{"retries not a number", "retries: many\n", "config.yaml:1:10: retries: want a whole number, got \"many\""},
		{"retries quoted", "retries: \"3\"\n", "config.yaml:1:10: retries: want a whole number"},
		{"retries out of range", "retries: 0\n", "config.yaml:1:10: retries: want 1 to 20, got 0"},
		{"bad account", "account: alice\n", "config.yaml:1:10: account: account \"alice\": want user@domain"},
		{"null account", "account:\n", "config.yaml:1:9: account: want a string, got nothing"},
		{"duplicate key", "account: a@b.c\naccount: d@e.f\n", "config.yaml:2:1: account is set twice (first at line 1)"},
		{"not a mapping", "- a\n- b\n", "config.yaml:1:1: want a mapping of settings"},
		{"scalar document", "hello\n", "config.yaml:1:1: want a mapping of settings (key: value), got \"hello\""},
		{"syntax error names line", "account: a@b.c\n  bad: [\n", "config.yaml:"},
		{"tab indentation", "account:\n\t- x\n", "config.yaml:2: found character that cannot start any token"},
		{"two documents", "account: a@b.c\n---\naccount: d@e.f\n", "config.yaml:2:1: only one YAML document"},
		{"alias", "a: &x 1\nopen_browser: *x\n", "aliases"},
		{"complex key", "? [a]\n: 1\n", "config.yaml:1:3: a key must be a plain name, got a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePreferences("config.yaml", []byte(tt.in))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadPreferencesMissingFile(t *testing.T) {
	p, err := LoadPreferences(filepath.Join(t.TempDir(), "config.yaml"))
	if err != nil || p.Account != "" {
		t.Fatalf("got %+v, %v", p, err)
	}
}

func TestLoadPreferencesNamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("colour: red\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadPreferences(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":1:1: unknown key \"colour\"") {
		t.Fatalf("err = %v", err)
	}
}

func FuzzParsePreferences(f *testing.F) {
	for _, s := range []string{
		"", "account: a@b.c\nopen_browser: true\n", "account: [", "- 1", "a: &x [*x]", "---\n---\n",
		"open_browser: !!binary aGVsbG8=", "? - a\n: b", "account: \"\\u0000\"", "{account: x@y.z, open_browser: no}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePreferences("config.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "config.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if p.Account != "" {
			if k, err := NormalizeAccountKey(p.Account); err != nil || k != p.Account {
				t.Fatalf("accepted account %q that does not normalise to itself", p.Account)
			}
		}
	})
}

func TestTwitterBearerTokenPreference(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte("twitter_bearer_token: AAAA-secret-token\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := LoadPreferences(path)
	if err != nil {
		t.Fatal(err)
	}
	if p.TwitterBearerToken.Reveal() != "AAAA-secret-token" {
		t.Fatalf("token = %q", p.TwitterBearerToken.Reveal())
	}
	if !p.ExposesSecret() {
		t.Fatal("a world-readable config.yaml holding a token is not reported")
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if p, err = LoadPreferences(path); err != nil || p.ExposesSecret() {
		t.Fatalf("0600 file reported as exposed (err %v)", err)
	}

	_, err = ParsePreferences("config.yaml", []byte("twitter_bearer_token: [AAAA-secret]\n"))
	if err == nil || strings.Contains(err.Error(), "AAAA") {
		t.Fatalf("bad token value: error %v must exist and not quote the value", err)
	}
}
