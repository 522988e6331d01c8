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
//
// # Library or own request
//
// The rule: go-mastodon makes the reads whose answer is one of its entity
// types and that need nothing the library leaves out; every other call is
// our own request (request.go: call, send). So every write is ours: each
// write fledge makes needs a parameter the library cannot send (follow's
// reblogs, notify and languages; mute's notifications; a list's
// replies_policy), a header (Idempotency-Key), or a call it lacks
// (PUT media), and the few it could send (block, list members,
// delete) are ours too, so that what a write sends, and how its failure is
// reported (MayHaveApplied), is read in one place. Reads that need the
// response headers (Link paging), an endpoint the library lacks, or no
// token are ours as well.
//
// Both paths fail alike: errors.go's types (*PermanentError,
// *RetryableError, *RateLimitError, *NotMastodonError and the Err*
// sentinels) are the only errors callers see. Our requests classify a
// non-2xx answer with responseError; the library's calls go through
// libBoundary, which hands go-mastodon that same error instead of the
// answer, and fromLib converts what the library itself returns (bad JSON).
//
//	endpoint                                   made by  why
//	GET    /api/v1/accounts/verify_credentials library  Account, no parameters
//	GET    /api/v1/accounts/lookup             library  Account, acct only
//	GET    /api/v1/accounts/relationships      library  []Relationship, id[] only
//	GET    /api/v1/lists                       library  []List, no parameters
//	GET    /api/v1/lists/:id/accounts          library  []Account, limit=0 (all)
//	GET    /api/v1/accounts/:id                -        not called; in Endpoints for its scope
//	GET    /api/v1/accounts/:id/following      own      Link paging
//	GET    /api/v1/accounts/:id/followers      own      Link paging
//	GET    /api/v1/accounts/:id/statuses       own      Link paging, min_id/max_id windows
//	GET    /api/v1/blocks                      own      Link paging
//	GET    /api/v1/mutes                       own      Link paging
//	GET    /api/v2/search                      own      type and limit (the library sends neither)
//	GET    /api/v1/instance, /api/v2/instance  own      v2 missing; domain, api_versions, source_url
//	GET    /.well-known/nodeinfo (and its link) own     not in the library; no token
//	GET    /.well-known/oauth-authorization-server own  not in the library; no token
//	GET    /.well-known/webfinger (on the address's domain) own  not in the library; no token; redirects followed (AccountServer)
//	GET    /api/v1/apps/verify_credentials     own      its scopes (4.3+), which the library's Application lacks
//	GET    /api/v1/media/:id                   own      206 means "processing", the library calls it an error
//	POST   /api/v1/accounts/:id/follow         own      write: reblogs, notify, languages[]
//	POST   /api/v1/accounts/:id/block          own      write
//	POST   /api/v1/accounts/:id/mute           own      write: notifications
//	POST   /api/v1/lists                       own      write: replies_policy, exclusive
//	POST   /api/v1/lists/:id/accounts          own      write
//	POST   /api/v1/statuses                    own      write: Idempotency-Key, quoted_status_id, ScheduledStatus answers
//	DELETE /api/v1/statuses/:id                own      write
//	POST   /api/v2/media                       own      write: our file name (the library sends the local path), 202
//	POST   /api/v1/media                       -        not called; in Endpoints for its scope
//	PUT    /api/v1/media/:id                   own      write: missing from the library
//	PATCH  /api/v1/accounts/update_credentials own      write: fields_attributes, header and avatar
//	POST   /api/v1/apps, /oauth/token, /oauth/revoke own write: PKCE, no token
//
// Endpoints (scopes.go) lists the same calls with the scope each needs;
// a test keeps this table and that list in step. Two more keep the
// list honest: TestEndpointScopesMatchServer proves each row's scope is
// the one mastotest (which enforces Mastodon's scope per route) demands;
// the TestMain of every package whose tests drive the client against
// mastotest (this one, internal/adapter, importer, cmd/fledge) fails the
// run when a request reached a route that wants a token, or was sent one,
// and has no row here, or a route mastotest does not have
// (mastotest.CheckRoutes). Only open routes reached without a token
// (app registration, OAuth, discovery) need no row.
package mastodon
