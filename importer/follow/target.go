package follow

import (
	"errors"
	"strings"

	"github.com/fledge-cli/fledge/importer/job"
)

// StatusPlanned is a dry run's result for an account that would be acted
// on; Reason says what would be done.
const StatusPlanned Status = "planned"

// Target is one account to act on, read from a matches file.
type Target struct {
	Handle     string // user@domain, no leading @, domain lower-case
	TwitterID  string // the Twitter account it was matched from, if known
	ScreenName string
}

// isCapRefusal recognises Mastodon's follow cap refusal (422 "You can't
// follow more than N people").
func isCapRefusal(err error) bool {
	return errors.Is(err, job.ErrRefused) && strings.Contains(strings.ToLower(err.Error()), "follow more than")
}
