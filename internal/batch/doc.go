// Package batch reads the migration file of `fledge run`: a YAML document
// describing one or many accounts, each with an archive, a server, where its
// token comes from, the steps to run and the options of each step.
//
// Parse checks the whole file before anything runs and turns it into Jobs,
// one per account, with defaults merged in and relative paths resolved
// against the file's directory. Every mistake is reported with the line and
// column it was found at ("migration.yaml:14:5: unknown step \"folow\""),
// all of them at once, so a user fixes the file in one go.
//
// The step options are declared once in package steps, which gives the
// single commands (fledge profile, match, follow, import) their flags and
// this file its keys, kinds and allowed values: a Job's MatchOptions,
// FollowOptions, ProfileOptions and ImportOptions are the steps' typed
// options, which the same run functions as the commands' take, so a step
// run from a batch behaves exactly like the command typed by hand. The
// package does no I/O beyond what its caller passes in; it knows nothing
// of cobra, terminals or servers.
package batch
