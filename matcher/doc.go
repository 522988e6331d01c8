// Package matcher turns Twitter accounts into verified fediverse handles:
// it extracts candidate handles from profile text, verifies them with
// WebFinger and explains why it believes each one. The profiles come from
// any ProfileSource; matcher/profiles reads them from the user's files.
package matcher
