// Package directory builds the organizer's directory: a community's
// accounts from a matches file, grouped by the fediverse server they
// moved to, with the accounts not found yet and why (no profile data, no
// handle in the profile, a server that did not answer). Build makes the
// Directory; it is written as a static HTML page, a Markdown page, and
// the following and lists CSV files members can import into Mastodon.
// Nothing here talks to a server.
package directory
