// Package twitter looks Twitter/X accounts up by id or screen name and
// returns them as its own User records, through the v2 API (GET /2/users, our
// own small client) or, for apps that still have it, v1.1 users/lookup
// (through github.com/dghubble/go-twitter). It authenticates with an
// app-only bearer token, honours the x-rate-limit-* headers, explains the
// errors a user can act on (453, 401, 403) in plain words, never puts the
// token in an error, and keeps fetched profiles in an on-disk cache so a
// re-run spends no paid quota. It knows nothing of matching:
// internal/adapter turns a UserSource into a matcher.ProfileSource.
package twitter
