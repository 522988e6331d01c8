// Command fledge moves people from Twitter/X to Mastodon and the wider
// fediverse. This package is glue only: it parses flags, wires the domain
// packages together and prints; the work happens in archive, matcher,
// importer and internal/….
package main

import "os"

// Set by the release build through -ldflags "-X main.version=…".
var (
	version = ""
	commit  = ""
	date    = ""
)

func main() {
	os.Exit(mainRun(os.Args[1:], systemStreams()))
}
