package job

import "encoding/json"

// Journal is the durable record a job writes around every change on the
// server, so that a re-run skips what is done and retries what failed.
//
// Each action has a key naming it ("follow:@alice@example.org",
// "avatar:sha256:…"). Before the action is sent the job calls Intend;
// after the server answered it calls Record with the outcome. A key with
// an intent but no outcome is an action a run died in the middle of: it
// may or may not have happened, so a job sends it again only in a way
// that is harmless twice (following an account already followed, setting
// the same image again). Outcome reports recorded outcomes, never a bare
// intent. Every write must be on disk before it returns; a job stops at
// a write that fails.
//
// internal/adapter adapts internal/journal to it for each job
// (NewFollowJournal, NewProfileJournal); jobtest has an in-memory one for
// tests. The posts import and undo write internal/journal directly: they
// need what this contract leaves out (permanent failures, skipped posts,
// media staged between intent and outcome), and the status command and
// undo read those states from the journal file.
type Journal interface {
	// Outcome returns the last outcome recorded for key; ok is false when
	// there is none (or only an intent, from a run that died mid-action).
	Outcome(key string) (data json.RawMessage, ok bool)
	// Intend records that the action for key is about to be sent.
	Intend(key string, data json.RawMessage) error
	// Record records the action's outcome.
	Record(key string, data json.RawMessage) error
}
