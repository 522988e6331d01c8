package config

import (
	"path/filepath"
	"testing"
)

// TestStatePathsLayout pins the layout byte for byte: users' existing
// state and caches are found only if these names never change.
func TestStatePathsLayout(t *testing.T) {
	p := Paths{Config: "/c", State: "/s", Cache: "/k"}
	const key = "alice@example.social"
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"account", p.AccountDir(key), "/s/alice@example.social"},
		{"journal", p.Journal(key, "import-2024"), "/s/alice@example.social/import-2024.jsonl"},
		{"profile journal", p.Journal(key, "profile"), "/s/alice@example.social/profile.jsonl"},
		{"migrate state", p.MigrateState(key, "0123456789ab"), "/s/alice@example.social/migrate-0123456789ab.json"},
		{"matches", p.Matches(key, "0123456789ab"), "/s/alice@example.social/migrate/matches-0123456789ab.jsonl"},
		{"webfinger cache", p.WebFingerCache(), "/k/webfinger"},
		{"twitter cache", p.TwitterProfilesCache(), "/k/twitter-profiles"},
		{"preferences", p.Preferences(), "/c/config.yaml"},
		{"credentials", p.Credentials(), "/c/credentials.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if want := filepath.FromSlash(tt.want); tt.got != want {
				t.Errorf("got %q, want %q", tt.got, want)
			}
		})
	}
}
