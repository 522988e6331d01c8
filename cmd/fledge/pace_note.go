package main

import (
	"fmt"
	"time"

	"github.com/fledge-cli/fledge/importer"
)

// paceNote says how long the server's limits make the import: on a server
// whose request budget covers the whole import (GoToSocial, small
// archives) they add nothing, and the time is the server's own work.
func paceNote(est importer.Estimate) string {
	if est.Duration < time.Second {
		return "the server's limits allow it without waiting"
	}
	return fmt.Sprintf("at the server's limits this takes about %s (paced by %s)", importer.HumanDuration(est.Duration), est.Bound)
}
