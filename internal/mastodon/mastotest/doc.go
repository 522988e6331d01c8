// Package mastotest is an in-process fake Mastodon (or GoToSocial) server
// for tests. It listens on loopback through net/http/httptest and
// reproduces the behaviour fledge depends on, as documented in
// docs/mastodon-api.md: OAuth with PKCE, scopes and revocation, and the
// app's scopes in apps/verify_credentials (Mastodon 4.3+); instance,
// nodeinfo, WebFinger and host-meta; account lookup and resolving search;
// follows with Mastodon's follow cap and moved-account refusal; lists,
// blocks and mutes; statuses with Mastodon's character counting,
// Idempotency-Key replay and scheduled_at rules; asynchronous media
// processing (202, then 206 until ready); Link-header paging; and
// Mastodon's rate-limit buckets and X-RateLimit-* headers.
//
// Options.Software = GoToSocial switches to GoToSocial's differences:
// backdating with a past scheduled_at (0.18+), no idempotency, raw rune
// counting, 400 for validation errors, synchronous media, and no
// per-action limits: only a per-IP request limiter per route group, whose
// windows open with the first request, announced by X-Ratelimit-* headers
// with millisecond resets on every answer. SetBusy answers 503 with
// Retry-After, as GoToSocial does while starting or when overloaded. Its status ids are ULIDs of
// created_at (of scheduled_at when backdated) and paging compares them as
// strings, so min_id/max_id built from times select a date window.
//
// Every limit and window can be scaled down through Options.Limits, and
// Options.Now injects a clock so tests can cross window boundaries, expire
// idempotency keys and publish scheduled statuses without sleeping.
// InjectFaults and FailNext add seeded errors, dropped connections (before
// or after the request took effect), delays and 429 storms; Requests
// returns a log of what the server saw, with tokens redacted.
//
// Every route carries Mastodon's access rule (token, user, scopes) and a
// token lacking the route's scope is refused with 403, as Mastodon does.
// ServedRoutes records, process-wide, each route any Server answered;
// CheckRoutes wraps a TestMain so that a test binary whose tests pass
// still fails when they reached a route that wants a token (or was sent
// one) and that the client's endpoint table does not list, or a route the
// fake does not have: a call added to the client without its row, whose
// scope login would then not ask for, cannot pass unnoticed behind the
// broad tokens most tests use.
//
// The package imports nothing else from fledge, so client tests talk to it
// exactly as they would talk to a real server:
//
//	s := mastotest.New(mastotest.Options{Limits: mastotest.Limits{
//		Follows: mastotest.Limit{N: 40, Per: 2 * time.Second},
//	}})
//	defer s.Close()
//	alice := s.AddAccount("alice", mastotest.AccountOptions{})
//	s.AddRemoteAccount("bob@remote.example", mastotest.RemoteOptions{Locked: true})
//	// … point the client at s.URL() with alice.Token …
//	if got := s.Follows("alice"); len(got) != 1 { … }
//
// Behaviour the fake simplifies: private and direct statuses are visible
// only to their author; remote follows to unlocked accounts are accepted
// at once; URL detection approximates twitter-text; scheduled statuses are
// published lazily, on the next request after their time; ULIDs carry a
// sequence instead of random bits; objects other than GoToSocial's
// statuses keep Mastodon's numeric ids.
package mastotest
