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
	// List is the archive list the matches file says the account came
	// from ("following", "followers", "blocks", "mutes"), empty when the
	// file does not say (Mastodon CSVs, older files, --handles).
	List string
}

// FromFollowing returns a target the matches file says came from the
// accounts the user follows, if any: block and mute refuse such a file
// unless told otherwise, as blocking everyone followed is never meant.
func FromFollowing(ts []Target) (Target, bool) {
	for _, t := range ts {
		if t.List == "following" {
			return t, true
		}
	}
	return Target{}, false
}

// isCapRefusal recognises Mastodon's follow cap refusal (422 "You can't
// follow more than N people").
func isCapRefusal(err error) bool {
	return errors.Is(err, job.ErrRefused) && strings.Contains(strings.ToLower(err.Error()), "follow more than")
}
