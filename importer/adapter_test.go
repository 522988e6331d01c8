package importer_test

import (
	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// The importer's tests against mastotest post through the production
// adapter, so no copy of its error mapping lives here.
func init() {
	importer.UsePoster(func(c *mastodon.Client) importer.TestPoster { return adapter.NewPoster(c) })
}
