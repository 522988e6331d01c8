package adapter_test

import (
	"os"
	"testing"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// TestMain fails the run when the tests drove fledge to an endpoint with a
// token that mastodon.Endpoints does not list (see mastotest.CheckRoutes).
func TestMain(m *testing.M) {
	os.Exit(mastotest.CheckRoutes(m, mastodon.Listed).Run())
}
