package mastodon

import "errors"

// ErrIDsNotTimes means the server's status ids do not tell when a status
// was created, so statuses cannot be listed by date.
var ErrIDsNotTimes = errors.New("the server's status ids do not encode their creation time")

// IDsAreTimes reports whether status ids are ULIDs that start with the
// creation time (for backdated statuses, the scheduled_at date).
func (p ServerProfile) IDsAreTimes() bool {
	return p.Software == SoftwareGoToSocial
}
