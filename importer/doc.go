// Package importer plans and executes the repost of a Twitter archive's
// tweets to a Mastodon-compatible server: plan first, journal every write,
// never post twice.
package importer
