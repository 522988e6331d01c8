package importer

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/fledge-cli/fledge/matcher"
)

type failingSource struct{}

func (failingSource) Lookup(context.Context, []string, []string) ([]matcher.Profile, error) {
	return []matcher.Profile{{ID: "77"}}, errors.New("quota")
}

func TestProfileTracker(t *testing.T) {
	tr := NewProfileTracker()
	static := matcher.NewStaticSource([]matcher.Profile{{ID: "1", ScreenName: "Alice"}, {ScreenName: "bob"}})
	srcs := tr.Wrap([]matcher.ProfileSource{static, failingSource{}})
	if got := fmt.Sprint(srcs[0]); got != "profiles file" {
		t.Errorf("wrapped source is named %q, want the original's name", got)
	}
	if _, err := srcs[0].Lookup(context.Background(), []string{"1", "2"}, []string{"BOB", "carol"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srcs[1].Lookup(context.Background(), []string{"77"}, nil); err == nil {
		t.Fatal("the wrapped source's error was lost")
	}
	tests := []struct {
		id, name string
		want     bool
	}{
		{"1", "", true},
		{"", "alice", true},
		{"", "Bob", true},
		{"2", "", false},
		{"", "carol", false},
		{"77", "", true}, // what a failing source did return still counts
		{"", "", false},
	}
	for _, tt := range tests {
		if got := tr.Has(tt.id, tt.name); got != tt.want {
			t.Errorf("Has(%q, %q) = %v, want %v", tt.id, tt.name, got, tt.want)
		}
	}
}
