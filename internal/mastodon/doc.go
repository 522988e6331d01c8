// Package mastodon is fledge's one client for Mastodon-compatible servers
// (Mastodon, GoToSocial, Pleroma/Akkoma).
//
// It builds on github.com/mattn/go-mastodon for entity types and the calls
// that library gets right, and adds what it lacks: follow options, the v2
// instance, nodeinfo, asynchronous media, Idempotency-Key, Link paging and a
// server profile with limits and character counting.
//
// All traffic goes through one http.RoundTripper (transport.go) that paces
// requests per rate-limit bucket (pacer.go) and is the only layer that
// retries. go-mastodon's own 429 loop never runs because the transport
// never hands a 429 response upwards: when it gives up it returns a
// *RateLimitError instead.
package mastodon
