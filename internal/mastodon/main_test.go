package mastodon_test

import (
	"os"
	"testing"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// TestMain fails the run when the client's tests reached an endpoint with
// a token that Endpoints does not list (see mastotest.CheckRoutes).
func TestMain(m *testing.M) {
	os.Exit(mastotest.CheckRoutes(m, mastodon.Listed).Run())
}
