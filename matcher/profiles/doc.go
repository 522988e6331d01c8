// Package profiles reads what a person already knows about Twitter
// accounts: --profiles files as JSON lines (v1.1 and v2 user objects), as
// CSV, or as a browser capture (HAR) of x.com, told apart by content, with
// counts of what each file held (ReadStats). It also holds what was read
// for the matcher to look up, on disk (Store, for captures of 100k
// accounts) or in memory (StaticSource).
//
// Profile, URLEntity and AccountRef live here rather than in matcher: the
// readers produce them and the matcher consumes them, so matcher imports
// this package and never the other way round, and a source of profiles
// needs only this package to satisfy matcher.ProfileSource. Extraction and
// verification stay in matcher.
//
// Errors in a user's file are *InputError, naming the file and line (an
// entry index or byte offset for a HAR, whose contents hold the person's
// session and never appear in an error).
package profiles
