package follow

import "strings"

// journalKey names an action on an account: "follow:@alice@example.org".
// Accounts are compared case-insensitively, as Mastodon does.
func journalKey(action, handle string) string {
	return action + ":@" + normHandle(handle)
}

// normHandle is user@domain without the leading @, lower-cased.
func normHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}
