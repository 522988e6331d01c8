package mastodon

import "testing"

func TestRepeatable(t *testing.T) {
	tests := []struct {
		method, path string
		want         bool
	}{
		{"GET", "/api/v1/accounts/verify_credentials", true},
		{"PUT", "/api/v1/media/7", true},
		{"POST", "/api/v1/accounts/109/follow", true},
		{"POST", "/api/v1/accounts/01HZX/unfollow", true},
		{"POST", "/api/v1/accounts/5/block", true},
		{"POST", "/api/v1/accounts/5/unblock", true},
		{"POST", "/api/v1/accounts/5/mute", true},
		{"POST", "/api/v1/accounts/5/unmute", true},
		{"POST", "/api/v1/statuses", false},
		{"POST", "/api/v2/media", false},
		{"POST", "/api/v1/lists/3/accounts", false}, // a second add is a 422
		{"POST", "/api/v1/accounts//follow", false},
		{"POST", "/api/v1/accounts/5/follow/x", false},
		{"POST", "/api/v1/accounts/5/note", false},
		{"POST", "/api/v1/apps", false},
		{"DELETE", "/api/v1/statuses/5", false},
		{"DELETE", "/api/v1/accounts/5/follow", false},
	}
	for _, tt := range tests {
		if got := repeatable(tt.method, tt.path); got != tt.want {
			t.Errorf("repeatable(%s %s) = %v, want %v", tt.method, tt.path, got, tt.want)
		}
	}
}
