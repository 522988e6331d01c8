// Package follow follows, blocks and mutes accounts on a Mastodon server
// and adds followed accounts to a list. Targets come from a matches file
// (ReadMatches, TargetsFromMatches) or from handles given by hand
// (ParseAddress). Follow and Graph resolve each target, skip the ones
// already followed, blocked or muted and the user's own account, keep to
// the server's follow budget and a cap, and journal each action through
// a job.Journal, so a re-run continues where the last one stopped. The
// server is reached only through the interfaces here (FollowTarget,
// GraphTarget, ListTarget), which internal/adapter implements over
// internal/mastodon.
package follow
