// Package matcher turns Twitter accounts into verified fediverse handles:
// it extracts candidate handles from profile text, verifies them with
// WebFinger and explains why it believes each one.
package matcher
