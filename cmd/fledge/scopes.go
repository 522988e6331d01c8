package main

import (
	"fmt"
	"strings"

	"github.com/fledge-cli/fledge/internal/mastodon"
)

// needScopes names, before a step starts, the scopes its token lacks, so
// the person learns it before the plan and the question rather than from
// a 403 halfway. Scopes are known for accounts stored by `fledge login`;
// for others (FLEDGE_TOKEN, accounts stored before scopes were kept) the
// server is left to say.
func needScopes(ref accountRef, what string, scopes ...string) error {
	if len(ref.Scopes) == 0 {
		return nil
	}
	missing := mastodon.MissingScopes(ref.Scopes, scopes...)
	if len(missing) == 0 {
		return nil
	}
	return &authError{fmt.Errorf("this token cannot %s (it lacks the %s permission): log in again with `fledge login --server %s`",
		what, strings.Join(missing, ", "), ref.Server)}
}
