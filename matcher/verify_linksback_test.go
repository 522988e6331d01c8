package matcher

import "testing"

func TestLinksBack(t *testing.T) {
	tests := []struct {
		name  string
		actor *Actor
		want  bool
	}{
		{"bio link", &Actor{Summary: `<a href="https://twitter.com/Jane_D">twitter</a>`}, true},
		{"x.com link", &Actor{Summary: "find me at x.com/jane_d!"}, true},
		{"mobile host", &Actor{Summary: "https://mobile.twitter.com/jane_d/status/1"}, true},
		{"hashbang", &Actor{Summary: "twitter.com/#!/jane_d"}, true},
		{"website", &Actor{URL: "https://x.com/jane_d"}, true},
		{"field link", &Actor{Fields: []ProfileField{{Name: "Old", Value: `<a href="https://twitter.com/jane_d">…</a>`}}}, true},
		{"field label", &Actor{Fields: []ProfileField{{Name: "🐦 Twitter", Value: "@Jane_D"}}}, true},
		{"field label X", &Actor{Fields: []ProfileField{{Name: "X", Value: "<span>jane_d</span>"}}}, true},
		{"bridge handle", &Actor{Summary: "was @jane_d@twitter.com"}, true},
		{"longer name", &Actor{Summary: "twitter.com/jane_doe"}, false},
		{"prefix of name", &Actor{Summary: "twitter.com/jane"}, false},
		{"other host", &Actor{Summary: "notx.com/jane_d and fox.com/jane_d"}, false},
		{"other label", &Actor{Fields: []ProfileField{{Name: "GitHub", Value: "jane_d"}}}, false},
		{"bare mention", &Actor{Summary: "thanks @jane_d for the art"}, false},
		{"bridge other host", &Actor{Summary: "@jane_d@twitter.community"}, false},
		{"nil actor", nil, false},
	}
	for _, tt := range tests {
		if got := LinksBack(tt.actor, "jane_d"); got != tt.want {
			t.Errorf("%s: LinksBack = %v, want %v", tt.name, got, tt.want)
		}
	}
	if LinksBack(&Actor{Summary: "twitter.com/"}, "") {
		t.Error("empty screen name linked back")
	}
}

func FuzzLinksBack(f *testing.F) {
	f.Add("twitter.com/jane_d", "Twitter", "@jane_d", "jane_d")
	f.Add("@jane_d@x.com", "", "", "jane_d")
	f.Add("<<<>>>x.com/", "x", "<", "a")
	f.Fuzz(func(t *testing.T, summary, label, value, name string) {
		a := &Actor{Summary: summary, URL: summary, Fields: []ProfileField{{Name: label, Value: value}}}
		LinksBack(a, name)
	})
}
