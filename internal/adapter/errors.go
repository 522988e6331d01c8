package adapter

import (
	"errors"
	"fmt"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// importErr maps the client's errors onto importer's sentinels, keeping
// the original in the chain for the exit code. Every importer adapter
// (follow, graph, profile, import) uses it, so they classify alike.
func importErr(err error) error {
	var rl *mastodon.RateLimitError
	var re *mastodon.RetryableError
	var pe *mastodon.PermanentError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, mastodon.ErrAuth):
		return fmt.Errorf("%w: %w", job.ErrAuth, err)
	case errors.Is(err, mastodon.ErrIDsNotTimes):
		return fmt.Errorf("%w: %w", importer.ErrNoDatedListing, err)
	case errors.As(err, &rl):
		return &job.RateLimited{Until: rl.Until, Err: err}
	case errors.As(err, &re) && re.MayHaveApplied:
		return fmt.Errorf("%w: %w", importer.ErrUncertain, err)
	case errors.Is(err, mastodon.ErrNotFound):
		return fmt.Errorf("%w: %w", job.ErrNotFound, err)
	case errors.As(err, &pe), errors.Is(err, mastodon.ErrMediaFailed):
		return fmt.Errorf("%w: %w", job.ErrRefused, err)
	}
	return err
}
