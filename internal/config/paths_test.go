package config

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestResolvePaths(t *testing.T) {
	wd, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		env       map[string]string
		wantCfg   string
		wantState string
		wantCache string // "" = not checked (platform dependent)
	}{
		{
			name:      "home only",
			env:       map[string]string{"HOME": "/h"},
			wantCfg:   "/h/.config/fledge",
			wantState: "/h/.local/state/fledge",
			wantCache: "/h/.cache/fledge",
		},
		{
			name: "xdg",
			env: map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/x/c", "XDG_STATE_HOME": "/x/s",
				"XDG_CACHE_HOME": "/x/k"},
			wantCfg:   "/x/c/fledge",
			wantState: "/x/s/fledge",
			wantCache: "/x/k/fledge",
		},
		{
			name: "fledge overrides win",
			env: map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/x/c", "FLEDGE_CONFIG_DIR": "/f/c",
				"FLEDGE_STATE_DIR": "/f/s", "FLEDGE_CACHE_DIR": "/f/k"},
			wantCfg:   "/f/c",
			wantState: "/f/s",
			wantCache: "/f/k",
		},
		{
			name:      "relative xdg is ignored",
			env:       map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "rel", "XDG_STATE_HOME": "rel", "XDG_CACHE_HOME": "rel"},
			wantCfg:   "/h/.config/fledge",
			wantState: "/h/.local/state/fledge",
			wantCache: "/h/.cache/fledge",
		},
		{
			name:      "relative override is made absolute",
			env:       map[string]string{"HOME": "/h", "FLEDGE_CONFIG_DIR": "conf", "FLEDGE_STATE_DIR": "st", "FLEDGE_CACHE_DIR": "ca"},
			wantCfg:   filepath.Join(wd, "conf"),
			wantState: filepath.Join(wd, "st"),
			wantCache: filepath.Join(wd, "ca"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if runtime.GOOS == "windows" {
				t.Skip("paths in this table are Unix paths")
			}
			p, err := ResolvePaths(func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if p.Config != tt.wantCfg || p.State != tt.wantState {
				t.Errorf("got config %q state %q, want %q %q", p.Config, p.State, tt.wantCfg, tt.wantState)
			}
			if runtime.GOOS != "darwin" && p.Cache != tt.wantCache {
				t.Errorf("cache = %q, want %q", p.Cache, tt.wantCache)
			}
			if got := p.Credentials(); got != filepath.Join(p.Config, "credentials.yaml") {
				t.Errorf("Credentials() = %q", got)
			}
			if got := p.Preferences(); got != filepath.Join(p.Config, "config.yaml") {
				t.Errorf("Preferences() = %q", got)
			}
		})
	}
}
