package adapter_test

import (
	"context"
	"testing"

	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// A plan made before logging in assumes what a default Mastodon server
// reports: the same post limits, no backdating.
func TestDefaultProfileIsMastodons(t *testing.T) {
	_, c := serve(t, mastotest.Options{Software: mastotest.Mastodon}, mastotest.AccountOptions{})
	prof, err := c.Profile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	live, def := adapter.ServerTraits(prof), adapter.ServerTraits(mastodon.DefaultProfile())
	if def.Software != live.Software || def.MaxChars != live.MaxChars || def.MaxMedia != live.MaxMedia ||
		def.CharsPerURL != live.CharsPerURL || def.CanBackdate || def.DescriptionMax != live.DescriptionMax {
		t.Errorf("default traits %+v, a default Mastodon has %+v", def, live)
	}
	if pl, dl := adapter.ProfileLimits(prof), adapter.ProfileLimits(mastodon.DefaultProfile()); pl.Note != dl.Note || pl.Fields != dl.Fields || pl.CharsPerURL != dl.CharsPerURL {
		t.Errorf("default profile limits %+v, a default Mastodon has %+v", dl, pl)
	}
}
