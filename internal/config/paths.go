package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// Environment variables that move fledge's directories.
const (
	EnvConfigDir = "FLEDGE_CONFIG_DIR"
	EnvStateDir  = "FLEDGE_STATE_DIR"
	EnvCacheDir  = "FLEDGE_CACHE_DIR"
)

// File names inside the config directory.
const (
	PreferencesFile = "config.yaml"
	CredentialsFile = "credentials.yaml"
)

// Paths are the directories fledge uses.
type Paths struct {
	Config string // config.yaml and credentials.yaml
	State  string // run journals and checkpoints
	Cache  string // data that can be fetched again
}

// Preferences is the path of config.yaml.
func (p Paths) Preferences() string { return filepath.Join(p.Config, PreferencesFile) }

// Credentials is the path of credentials.yaml.
func (p Paths) Credentials() string { return filepath.Join(p.Config, CredentialsFile) }

// ResolvePaths finds the directories from the environment (read through
// getenv so tests and callers can substitute it):
//
//	config: FLEDGE_CONFIG_DIR → $XDG_CONFIG_HOME/fledge → ~/.config/fledge
//	state:  FLEDGE_STATE_DIR  → $XDG_STATE_HOME/fledge  → ~/.local/state/fledge
//	cache:  FLEDGE_CACHE_DIR  → the user cache directory + /fledge
//
// The XDG spec says relative XDG_* values are invalid and must be ignored;
// a relative FLEDGE_* value is the user's explicit wish and is made
// absolute against the working directory.
func ResolvePaths(getenv func(string) string) (Paths, error) {
	var p Paths
	var err error
	if p.Config, err = resolveDir(getenv, EnvConfigDir, "XDG_CONFIG_HOME", ".config"); err != nil {
		return Paths{}, err
	}
	if p.State, err = resolveDir(getenv, EnvStateDir, "XDG_STATE_HOME", filepath.Join(".local", "state")); err != nil {
		return Paths{}, err
	}
	if p.Cache, err = resolveCacheDir(getenv); err != nil {
		return Paths{}, err
	}
	return p, nil
}

func resolveDir(getenv func(string) string, override, xdg, homeRel string) (string, error) {
	if v := getenv(override); v != "" {
		abs, err := filepath.Abs(v)
		if err != nil {
			return "", fmt.Errorf("%s=%q: %w", override, v, err)
		}
		return abs, nil
	}
	if v := getenv(xdg); v != "" && filepath.IsAbs(v) {
		return filepath.Join(v, "fledge"), nil
	}
	home, err := homeDir(getenv)
	if err != nil {
		return "", fmt.Errorf("cannot find a directory for fledge (set %s): %w", override, err)
	}
	return filepath.Join(home, homeRel, "fledge"), nil
}

func resolveCacheDir(getenv func(string) string) (string, error) {
	if v := getenv(EnvCacheDir); v != "" {
		abs, err := filepath.Abs(v)
		if err != nil {
			return "", fmt.Errorf("%s=%q: %w", EnvCacheDir, v, err)
		}
		return abs, nil
	}
	// os.UserCacheDir reads the real environment; on XDG systems we apply
	// its rule ourselves so an injected getenv is honoured as well.
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		dir, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("cannot find a cache directory (set %s): %w", EnvCacheDir, err)
		}
		return filepath.Join(dir, "fledge"), nil
	}
	if v := getenv("XDG_CACHE_HOME"); v != "" && filepath.IsAbs(v) {
		return filepath.Join(v, "fledge"), nil
	}
	home, err := homeDir(getenv)
	if err != nil {
		return "", fmt.Errorf("cannot find a cache directory (set %s): %w", EnvCacheDir, err)
	}
	return filepath.Join(home, ".cache", "fledge"), nil
}

func homeDir(getenv func(string) string) (string, error) {
	if h := getenv("HOME"); h != "" && filepath.IsAbs(h) {
		return h, nil
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	if h == "" {
		return "", errors.New("no home directory")
	}
	return h, nil
}
