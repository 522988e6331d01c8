package directory

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

type failingSource struct{}

func (failingSource) Lookup(context.Context, []string, []string) ([]profiles.Profile, error) {
	return []profiles.Profile{{ID: "77"}}, errors.New("quota")
}

func TestProfileTracker(t *testing.T) {
	tr := NewProfileTracker()
	static := profiles.NewStaticSource([]profiles.Profile{{ID: "1", ScreenName: "Alice"}, {ScreenName: "bob"}, {ID: "01", ScreenName: "dan"}})
	srcs := tr.Wrap([]matcher.ProfileSource{static, failingSource{}})
	if got := fmt.Sprint(srcs[0]); got != "profiles file" {
		t.Errorf("wrapped source is named %q, want the original's name", got)
	}
	if _, err := srcs[0].Lookup(context.Background(), []string{"1", "2", "01"}, []string{"BOB", "carol"}); err != nil {
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
		{"01", "", true}, // not a canonical number: kept as a string
		{"", "carol", false},
		{"77", "", true}, // what a failing source did return still counts
		{"", "", false},
	}
	for _, tt := range tests {
		if got := tr.Has(tt.id, tt.name); got != tt.want {
			t.Errorf("Has(%q, %q) = %v, want %v", tt.id, tt.name, got, tt.want)
		}
	}

	// Asked by id only (a whole archive), the tracker keeps no names: the
	// accounts are asked about by id.
	byID := NewProfileTracker()
	if _, err := byID.Wrap([]matcher.ProfileSource{static})[0].Lookup(context.Background(), []string{"1"}, nil); err != nil {
		t.Fatal(err)
	}
	if !byID.Has("1", "") || byID.Has("", "alice") || len(byID.names) != 0 {
		t.Errorf("after an id-only lookup: Has(1) %v, Has(alice) %v, %d names kept", byID.Has("1", ""), byID.Has("", "alice"), len(byID.names))
	}
}
