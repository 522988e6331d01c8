package importer

import (
	"encoding/json"
	"strings"
)

// Journal is the durable record a run writes before and after every
// change on the server, so a re-run skips what is done and retries what
// failed. internal/journal implements it (through an adapter in the CLI);
// every write must be on disk before it returns.
type Journal interface {
	// Outcome returns the last outcome recorded for key; ok is false when
	// there is none (or only an intent, from a run that died mid-action).
	Outcome(key string) (data json.RawMessage, ok bool)
	// Intend records that the action for key is about to be sent.
	Intend(key string, data json.RawMessage) error
	// Record records the action's outcome.
	Record(key string, data json.RawMessage) error
}

// journalKey names an action on an account: "follow:alice@example.org".
// Accounts are compared case-insensitively, as Mastodon does.
func journalKey(action, handle string) string {
	return action + ":" + normHandle(handle)
}

// normHandle is user@domain without the leading @, lower-cased.
func normHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}
