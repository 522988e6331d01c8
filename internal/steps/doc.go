// Package steps is the one definition of a migration's steps: their names
// and the single order they run in (login, inspect, match, follow,
// profile, import), the typed options of each step, the declaration of
// every option a step takes (flag name, YAML key, kind, allowed values,
// default and help, declared once and read by the commands' flags and by
// the migration file of fledge run), the Result a step returns, and the
// Runner that runs the chosen steps in order.
//
// fledge migrate and fledge run both run their steps through a Runner,
// with hooks for what differs (migrate's questions and previews, run's
// batch events); the single commands (fledge import, fledge follow, …)
// build the same typed options from their flags and call the same run
// functions, which return what they left for a later run (an Outcome:
// how many, and when the server allows more) instead of leaving it to be
// guessed from journals; the command layer turns that and the error into
// the step's Result.
//
// The package knows nothing of cobra, terminals or servers: the command
// layer supplies the function that runs a step.
package steps
