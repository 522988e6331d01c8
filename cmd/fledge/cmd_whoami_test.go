package main

import (
	"testing"

	"github.com/fledge-cli/fledge/internal/mastodon"
)

func TestByteSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "an unknown size"},
		{-5, "an unknown size"},
		{900, "900 bytes"},
		{1536, "2 KiB"},
		{16 << 20, "16 MiB"},
		{103809024, "99 MiB"},
		{40 << 20, "40 MiB"},
	}
	for _, tt := range tests {
		if got := byteSize(tt.n); got != tt.want {
			t.Errorf("byteSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestSoftwareName(t *testing.T) {
	tests := []struct {
		p    mastodon.ServerProfile
		want string
	}{
		{mastodon.ServerProfile{Software: mastodon.SoftwareMastodon}, "Mastodon"},
		{mastodon.ServerProfile{Software: mastodon.SoftwareGoToSocial}, "GoToSocial"},
		{mastodon.ServerProfile{Software: mastodon.SoftwareAkkoma}, "Akkoma"},
		{mastodon.ServerProfile{Software: mastodon.SoftwareOther, SoftwareName: "sharkey"}, "sharkey"},
		{mastodon.ServerProfile{Software: mastodon.SoftwareOther}, "unknown software"},
	}
	for _, tt := range tests {
		if got := softwareName(tt.p); got != tt.want {
			t.Errorf("softwareName(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}
