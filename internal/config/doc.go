// Package config finds fledge's directories and reads and writes its two
// files: config.yaml (preferences, safe to share) and credentials.yaml
// (access tokens and app secrets, private, mode 0600). Keeping them apart
// means a user can paste their preferences into a bug report without
// leaking a token.
//
// Values resolve with one precedence everywhere: a command-line flag wins
// over a FLEDGE_* environment variable, which wins over config.yaml, which
// wins over the built-in default (see Resolve).
package config
