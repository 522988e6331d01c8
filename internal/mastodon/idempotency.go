package mastodon

import "context"

type idempotencyKeyType struct{}

// WithIdempotencyKey returns a context whose POST requests carry the
// Idempotency-Key header. Mastodon honours it on POST /api/v1/statuses for
// an hour; GoToSocial ignores it, so callers still keep their own record.
// A key also makes the transport willing to retry the POST after a network
// error, since a repeat cannot create a duplicate (on Mastodon).
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyType{}, key)
}

// IdempotencyKey returns the key set by WithIdempotencyKey, or "".
func IdempotencyKey(ctx context.Context) string {
	k, _ := ctx.Value(idempotencyKeyType{}).(string)
	return k
}
