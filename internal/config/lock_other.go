//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd || illumos)

package config

// lockCredentials has no flock to use here. Save still reads the file
// again and replays its changes just before writing, which leaves only a
// millisecond window for two processes' edits to collide.
func lockCredentials(string) (func(), error) { return func() {}, nil }
