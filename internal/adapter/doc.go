// Package adapter connects the domain packages to the clients: it
// implements importer's targets (Poster, FollowTarget, ListTarget,
// GraphTarget, ProfileTarget) and matcher's AccountSearcher over a
// *mastodon.Client, and turns the client's errors into importer's
// sentinels in one place (importErr), so every command classifies a
// refusal, a rate limit or a lost answer alike.
//
// The domain packages define the interfaces they consume and know no
// client; the clients know no domain package. This package is the only
// one that knows both, which keeps it importable (and testable against
// mastotest) apart from the command layer. In-memory fakes of the same
// interfaces, for the domain packages' own tests, are in internal/mock.
package adapter
