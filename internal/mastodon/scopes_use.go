package mastodon

import (
	"fmt"
	"slices"
)

// A Use is one kind of work a command does through the API: what it is in
// plain words, for "this token cannot …", and the calls it makes, rows of
// Endpoints. The scopes a command checks before it starts are computed
// from these calls and the one table, never listed by hand, so the check
// cannot drift from what login asks for.
type Use struct {
	What  string   // completes "this token cannot …": "post your tweets"
	Calls []string // "METHOD /path" as in Endpoints
}

// The work fledge's writing commands do. Each lists every call it makes
// with the token, reads included: on a server with granular scopes a
// token without read:search fails the follow step as surely as one
// without write:follows.
var (
	UseProfile = Use{"update your profile", []string{
		"GET /api/v1/accounts/verify_credentials",
		"PATCH /api/v1/accounts/update_credentials",
	}}
	UsePost = Use{"post your tweets", []string{
		"GET /api/v1/accounts/verify_credentials",
		"POST /api/v1/statuses",
		"POST /api/v2/media",
		"GET /api/v1/media/:id",
		"PUT /api/v1/media/:id",
		"GET /api/v1/accounts/:id/statuses", // reconciling after an interruption
	}}
	UseDelete = Use{"delete the posts of an import", []string{
		"DELETE /api/v1/statuses/:id",
	}}
	UseFollow = Use{"follow accounts", []string{
		"GET /api/v1/accounts/verify_credentials",
		"GET /api/v1/accounts/lookup",
		"GET /api/v2/search",
		"GET /api/v1/accounts/:id/following",
		"POST /api/v1/accounts/:id/follow",
	}}
	UseLists = Use{"add accounts to a list", []string{
		"GET /api/v1/lists",
		"POST /api/v1/lists",
		"GET /api/v1/lists/:id/accounts",
		"POST /api/v1/lists/:id/accounts",
	}}
	UseBlock = Use{"block accounts", []string{
		"GET /api/v1/accounts/lookup",
		"GET /api/v2/search",
		"GET /api/v1/blocks",
		"POST /api/v1/accounts/:id/block",
	}}
	UseMute = Use{"mute accounts", []string{
		"GET /api/v1/accounts/lookup",
		"GET /api/v2/search",
		"GET /api/v1/mutes",
		"POST /api/v1/accounts/:id/mute",
	}}
)

// Scopes are the scopes the use's calls need, from Endpoints, sorted. It
// panics on a call missing from the table: a programming mistake that
// every test run finds.
func (u Use) Scopes() []string {
	var out []string
	for _, call := range u.Calls {
		scope, ok := scopeForCall(call)
		if !ok {
			panic(fmt.Sprintf("mastodon: %q is not in Endpoints", call))
		}
		if scope != "" && !slices.Contains(out, scope) {
			out = append(out, scope)
		}
	}
	slices.Sort(out)
	return out
}

// Missing lists the scopes of the use that granted does not cover.
func (u Use) Missing(granted []string) []string {
	return MissingScopes(granted, u.Scopes()...)
}

func scopeForCall(call string) (string, bool) {
	for _, e := range Endpoints {
		if e.Method+" "+e.Path == call {
			return e.Scope, true
		}
	}
	return "", false
}
