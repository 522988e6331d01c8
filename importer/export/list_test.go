package export

import (
	"slices"
	"testing"

	"github.com/fledge-cli/fledge/importer/follow"
)

func TestForList(t *testing.T) {
	for _, tc := range []struct {
		list string
		want Kind
	}{
		{"following", Following}, {"followers", Following}, {"blocks", Blocks}, {"mutes", Mutes},
	} {
		if got, err := ForList(tc.list); err != nil || got != tc.want {
			t.Errorf("ForList(%q) = %q, %v; want %q", tc.list, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "lists", "Following", "block"} {
		if got, err := ForList(bad); err == nil {
			t.Errorf("ForList(%q) = %q, want an error", bad, got)
		}
	}
}

func TestTargetLists(t *testing.T) {
	ts := []follow.Target{{Handle: "a@x", List: "mutes"}, {Handle: "b@x"}, {Handle: "c@x", List: "blocks"}, {Handle: "d@x", List: "mutes"}}
	if got, want := TargetLists(ts), []string{"blocks", "mutes"}; !slices.Equal(got, want) {
		t.Errorf("TargetLists = %q, want %q", got, want)
	}
	if got := TargetLists([]follow.Target{{Handle: "a@x"}}); len(got) != 0 {
		t.Errorf("TargetLists of a file that names no list = %q, want none", got)
	}
}
