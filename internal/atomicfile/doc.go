// Package atomicfile replaces files so that a reader, or a crash, sees
// either the old content or the new one, never a torn mix: write a
// temporary file in the same directory, fsync it, rename it over the
// target and fsync the directory so the rename itself is durable.
//
// It is the one place fledge does this (credentials, preferences, the
// migrate state, match files, the verification and profile caches, the
// import preview). A failed write, a full disk included, removes the
// temporary file and leaves the old file as it was.
//
// google/renameio does the same on Unix but refuses Windows, where fledge
// must still write its files, so this small package is kept instead.
package atomicfile
