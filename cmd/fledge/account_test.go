package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// TestAccountPrecedence checks --account > FLEDGE_ACCOUNT >
// FLEDGE_SERVER+FLEDGE_TOKEN > config.yaml > default.
func TestAccountPrecedence(t *testing.T) {
	tests := []struct {
		name       string
		flag       string
		env        map[string]string
		prefs      string
		wantKey    string
		wantOrigin string
		wantStored bool
	}{
		{name: "default", wantKey: "alice@a.example", wantOrigin: "default account", wantStored: true},
		{name: "config file", prefs: "account: bob@b.example\n", wantKey: "bob@b.example", wantOrigin: "config.yaml:1:10", wantStored: true},
		{name: "env token beats file", prefs: "account: bob@b.example\n",
			env:     map[string]string{"FLEDGE_SERVER": "https://c.example", "FLEDGE_TOKEN": "t0k"},
			wantKey: "", wantOrigin: "FLEDGE_TOKEN"},
		{name: "FLEDGE_ACCOUNT beats env token",
			env:     map[string]string{"FLEDGE_ACCOUNT": "bob@b.example", "FLEDGE_SERVER": "https://c.example", "FLEDGE_TOKEN": "t0k"},
			wantKey: "bob@b.example", wantOrigin: "FLEDGE_ACCOUNT", wantStored: true},
		{name: "flag beats everything", flag: "@Alice@A.example", prefs: "account: bob@b.example\n",
			env:     map[string]string{"FLEDGE_ACCOUNT": "bob@b.example", "FLEDGE_SERVER": "https://c.example", "FLEDGE_TOKEN": "t0k"},
			wantKey: "alice@a.example", wantOrigin: "--account", wantStored: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLoginEnv(t, strings.NewReader(""))
			for k, v := range tt.env {
				e.env[k] = v
			}
			writeAccounts(t, e)
			if tt.prefs != "" {
				if err := config.WriteFileAtomic(filepath.Join(e.env["FLEDGE_CONFIG_DIR"], "config.yaml"), []byte(tt.prefs), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			ref, err := e.f.Account(tt.flag)
			if err != nil {
				t.Fatal(err)
			}
			origin := ref.Origin
			if strings.HasSuffix(origin, "config.yaml:1:10") {
				origin = "config.yaml:1:10"
			}
			if ref.Key != tt.wantKey || origin != tt.wantOrigin || ref.Stored != tt.wantStored {
				t.Errorf("got %s from %s (stored %v), want %s from %s (stored %v)", ref.Key, ref.Origin, ref.Stored,
					tt.wantKey, tt.wantOrigin, tt.wantStored)
			}
			if !tt.wantStored && (ref.Server != "https://c.example" || ref.Token.Reveal() != "t0k") {
				t.Errorf("env account = %s %q", ref.Server, ref.Token.Reveal())
			}
		})
	}
}

func TestAccountErrors(t *testing.T) {
	tests := []struct {
		name     string
		flag     string
		env      map[string]string
		noStore  bool
		want     string
		wantCode int
	}{
		{name: "nothing stored", noStore: true, want: "not logged in", wantCode: exitNotLoggedIn},
		{name: "unknown flag account", flag: "zed@z.example", want: "zed@z.example (from --account) is not logged in", wantCode: exitNotLoggedIn},
		{name: "bad flag", flag: "zed", want: "--account: account \"zed\": want user@domain", wantCode: exitUsage},
		{name: "bad env account", env: map[string]string{"FLEDGE_ACCOUNT": "zed"}, want: "FLEDGE_ACCOUNT", wantCode: exitUsage},
		{name: "token without server", env: map[string]string{"FLEDGE_TOKEN": "t"}, want: "FLEDGE_SERVER is not", wantCode: exitUsage},
		{name: "plain http server", env: map[string]string{"FLEDGE_TOKEN": "t", "FLEDGE_SERVER": "http://c.example"},
			want: "unencrypted", wantCode: exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLoginEnv(t, strings.NewReader(""))
			for k, v := range tt.env {
				e.env[k] = v
			}
			if !tt.noStore {
				writeAccounts(t, e)
			}
			_, err := e.f.Account(tt.flag)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if got := exitCodeFor(err, false); got != tt.wantCode {
				t.Errorf("exit code %d, want %d", got, tt.wantCode)
			}
			if strings.Contains(err.Error(), "t0k-alice") {
				t.Errorf("error leaks a token: %v", err)
			}
		})
	}
}

func TestExplainAuthKeepsExitCode(t *testing.T) {
	ref := accountRef{Key: "alice@a.example", Server: "https://a.example", Stored: true}
	err := explainAuth(fmt.Errorf("GET /x: HTTP 401: %w", mastodon.ErrAuth), ref)
	if exitCodeFor(err, false) != exitAuth || !strings.Contains(err.Error(), "run `fledge login --server https://a.example` again") {
		t.Fatalf("err = %v (exit %d)", err, exitCodeFor(err, false))
	}
}

func writeAccounts(t *testing.T, e *loginEnv) {
	t.Helper()
	c := config.NewCredentials(filepath.Join(e.env["FLEDGE_CONFIG_DIR"], "credentials.yaml"))
	for _, a := range []config.Account{
		{Key: "alice@a.example", Server: "https://a.example", Token: "t0k-alice"},
		{Key: "bob@b.example", Server: "https://b.example", Token: "t0k-bob"},
	} {
		if err := c.PutAccount(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
}
