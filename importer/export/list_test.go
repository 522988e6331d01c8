package export

import (
	"testing"
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
