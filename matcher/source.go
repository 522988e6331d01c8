package matcher

import (
	"context"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// ProfileSource is anything that can turn Twitter account ids or screen
// names into profiles: a --profiles file, the on-disk profile cache, the
// Twitter API. Lookup returns the profiles it has and silently skips the
// accounts it does not know; an error means the source itself failed.
type ProfileSource interface {
	Lookup(ctx context.Context, ids, screenNames []string) ([]profiles.Profile, error)
}

// The readers' two holders of --profiles files, on disk and in memory, are
// sources.
var (
	_ ProfileSource = (*profiles.Store)(nil)
	_ ProfileSource = (*profiles.StaticSource)(nil)
)
