package adapter

import (
	"context"
	"fmt"

	"github.com/fledge-cli/fledge/internal/twitter"
	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// TwitterSource makes a Twitter lookup (the API client or the profile
// cache) a matcher.ProfileSource: it turns twitter.Users into matcher
// profiles, and keeps the lookup's name for the matcher's messages.
type TwitterSource struct {
	src twitter.UserSource
}

var _ matcher.ProfileSource = TwitterSource{}

// NewTwitterSource returns src as a matcher.ProfileSource.
func NewTwitterSource(src twitter.UserSource) TwitterSource {
	return TwitterSource{src: src}
}

// Lookup returns what the source found, also beside an error (a batch
// that failed after others succeeded), as the source does.
func (s TwitterSource) Lookup(ctx context.Context, ids, screenNames []string) ([]profiles.Profile, error) {
	us, err := s.src.Lookup(ctx, ids, screenNames)
	var out []profiles.Profile
	if us != nil {
		out = make([]profiles.Profile, 0, len(us))
	}
	for _, u := range us {
		out = append(out, TwitterProfile(u))
	}
	return out, err
}

// String names the source as it names itself ("Twitter API v2",
// "Twitter profile cache").
func (s TwitterSource) String() string {
	if st, ok := s.src.(fmt.Stringer); ok {
		return st.String()
	}
	return "Twitter"
}

// IsTwitterAPI reports whether s asks the Twitter API itself (and so
// spends quota), not only the cache.
func IsTwitterAPI(s matcher.ProfileSource) bool {
	ts, ok := s.(TwitterSource)
	if !ok {
		return false
	}
	_, ok = ts.src.(*twitter.Client)
	return ok
}

// TwitterProfile converts one account. The API's t.co spans are checked
// here, as for every other source of profiles: a span that does not point
// at its own text loses its indices, one without a URL is dropped.
func TwitterProfile(u twitter.User) profiles.Profile {
	p := profiles.Profile{
		ID: u.ID, ScreenName: u.ScreenName, Name: u.Name, Description: u.Description, Location: u.Location, URL: u.URL,
		DescriptionURLs: urlEntities(u.DescriptionURLs), URLURLs: urlEntities(u.URLURLs),
		PinnedText: u.PinnedText, PinnedURLs: urlEntities(u.PinnedURLs), Source: u.Source,
	}
	profiles.SanitizeEntities(&p)
	return p
}

func urlEntities(in []twitter.URLEntity) []profiles.URLEntity {
	if len(in) == 0 {
		return nil
	}
	out := make([]profiles.URLEntity, 0, len(in))
	for _, e := range in {
		out = append(out, profiles.URLEntity{URL: e.URL, ExpandedURL: e.ExpandedURL, Start: e.Start, End: e.End})
	}
	return out
}
