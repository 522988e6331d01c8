// Package export writes the CSV files Mastodon's Settings › Import and
// export › Import accepts (following, blocks, mutes, lists) from a list
// of accounts, split at Mastodon's row limit, for users who would rather
// upload a file than let fledge act on their account.
package export
