// Package importer plans and executes the repost of a Twitter archive's
// tweets to a Mastodon-compatible server: plan first, journal every write,
// never post twice. It also estimates how long an import takes at the
// server's limits, reconciles an interrupted run with the server, and
// undoes an import.
//
// The other jobs live beside it, one package each: importer/follow
// (follow, block, mute, lists), importer/profile, importer/directory,
// importer/export and importer/preview; importer/job holds what they all
// share.
package importer
